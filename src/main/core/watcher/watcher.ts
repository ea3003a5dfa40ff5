/**
 * The watcher notices runs starting, changing and ending, politely. Each connection has its own
 * timer (watch-schedule.ts says how long it waits); one look is one list request for the newest
 * page, plus a detail request only for an active run that has left that page (followed by id until
 * it ends). A webhook push (webhooks/local-push.ts) names a run: the connection is looked at at once,
 * that run read by id if it is off the page, and while pushes arrive the timer keeps the idle pace.
 * Every run is announced started and finished exactly once, across restarts of the app
 * and of the room, because what was seen and announced is persisted (watch-memory.ts). What it
 * finds on its very first look at a connection is history, not news.
 */
import type { ConnectionHealth, ConnectionStatus, RunState, RunSummary } from '../../../shared/domain'
import { isActiveRunState, isFinalRunState, runKey } from '../../../shared/runs'
import { CoreError } from '../errors'
import type { EventBus } from '../events'
import type { WatchMemory } from './watch-memory'
import { DEFAULT_SCHEDULE, nextDelayMs, type ScheduleOptions } from './watch-schedule'
import type { WatchSignals } from './watch-signals'

export interface WatchedConnection {
  id: string
  /** The newest runs of the connection (one list request). */
  fetchRuns(): Promise<RunSummary[]>
  /** One run by id; null when Control Room no longer has it. */
  fetchRun(runId: string): Promise<RunSummary | null>
}

export interface WatcherOptions {
  events: EventBus
  connections: () => WatchedConnection[]
  memory: WatchMemory
  schedule?: Partial<ScheduleOptions>
  signals?: WatchSignals
  random?: () => number
  onError?: (connectionId: string, error: unknown) => void
  /** How long after the last push the connection counts as push-fed (polled at the idle pace). */
  pushTrustMs?: number
}

export interface Watcher {
  start(): void
  /** Looks now at one connection or all (coalesced with a look under way), e.g. after a launch. */
  pollNow(connectionId?: string): Promise<void>
  /**
   * A verified webhook push named this run: look at the connection now, read the run by id if it is
   * not on the newest page, and count the connection as push-fed for a while.
   */
  pushed(connectionId: string, runId: string): Promise<void>
  /** The connection list changed: start watching new ones, stop removed ones. */
  connectionsChanged(): void
  statuses(): ConnectionStatus[]
  stop(): Promise<void>
}

interface ConnectionWatch {
  timer?: NodeJS.Timeout
  running?: Promise<void>
  again: boolean
  failures: number
  retryAfterMs?: number
  activeRuns: number
  status: ConnectionStatus
  /** Runs pushes named since the last look began. */
  pushedRuns: Set<string>
  lastPushAt?: number
}

/** Ten minutes without a push and polling goes back to its own pace. */
export const DEFAULT_PUSH_TRUST_MS = 10 * 60_000

const time = (iso: string) => {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? 0 : ms
}

/** Creates the watcher; call start() to begin. */
export function createWatcher(options: WatcherOptions): Watcher {
  const schedule = { ...DEFAULT_SCHEDULE, ...options.schedule }
  const { memory, events } = options
  const pushTrustMs = options.pushTrustMs ?? DEFAULT_PUSH_TRUST_MS
  const watches = new Map<string, ConnectionWatch>()
  let stopped = true
  /** Stopped for good: pushes arriving while the core closes are dropped. */
  let closed = false
  let paused = false
  let focused = false
  let unsubscribe: (() => void) | undefined

  const watchOf = (id: string) => {
    let watch = watches.get(id)
    if (!watch) {
      watch = {
        again: false,
        failures: 0,
        activeRuns: 0,
        pushedRuns: new Set(),
        status: { connectionId: id, health: 'ok', lastSyncedAt: null, message: null },
      }
      watches.set(id, watch)
    }
    return watch
  }

  function setStatus(watch: ConnectionWatch, status: Partial<ConnectionStatus>) {
    watch.status = { ...watch.status, ...status }
    events.emit('connection.status', watch.status)
  }

  function announce(kind: 'started' | 'finished', run: RunSummary) {
    const key = runKey(run)
    if (memory.wasNotified(kind, key)) return
    memory.markNotified(kind, key)
    events.emit(kind === 'started' ? 'run.started' : 'run.finished', run)
  }

  /**
   * One look at a connection: the newest page, then each followed run off the page, then each pushed
   * run off the page. A pushed run is news even where the page alone would call it history: the
   * webhook was registered by this start of the app, so what it reports happened since.
   */
  async function look(connection: WatchedConnection, pushed: ReadonlySet<string>) {
    const page = await connection.fetchRuns()
    const before = memory.connection(connection.id)
    const states = new Map<string, RunState>()
    let newest = before?.newestCreatedMs ?? 0
    for (const run of [...page].reverse()) {
      states.set(run.id, run.state)
      newest = Math.max(newest, time(run.createdAt))
      if (pushed.has(run.id) && before?.states[run.id] !== run.state) {
        changed(run)
        continue
      }
      if (!before) {
        // First look: history. Mark it so a later start of the app does not announce it either.
        if (isFinalRunState(run.state)) memory.markNotified('finished', runKey(run))
        memory.markNotified('started', runKey(run))
        continue
      }
      const previous = before.states[run.id]
      if (previous === run.state) continue
      if (previous === undefined && time(run.createdAt) < before.newestCreatedMs) {
        // Older than anything seen and never seen: a run that came back into the page (others deleted).
        memory.markNotified('started', runKey(run))
        if (isFinalRunState(run.state)) memory.markNotified('finished', runKey(run))
        continue
      }
      changed(run)
    }
    // Active runs that left the page, and pushed runs not on it: read them by id.
    const offPage: [string, RunState | undefined][] = Object.entries(before?.states ?? {}).filter(
      ([runId, previous]) => !states.has(runId) && isActiveRunState(previous),
    )
    for (const runId of pushed)
      if (!states.has(runId) && !offPage.some(([id]) => id === runId))
        offPage.push([runId, before?.states[runId]])
    for (const [runId, previous] of offPage) {
      const run = await connection.fetchRun(runId)
      if (!run) continue // deleted: nothing more will happen to it
      if (isActiveRunState(run.state)) states.set(runId, run.state)
      if (run.state !== previous) changed(run)
    }
    memory.setConnection(connection.id, {
      states: Object.fromEntries(states),
      newestCreatedMs: newest,
    })
    memory.save()
    return [...states.values()].filter(isActiveRunState).length
  }

  function changed(run: RunSummary) {
    announce('started', run)
    events.emit('run.updated', run)
    if (isFinalRunState(run.state)) announce('finished', run)
  }

  async function tick(connection: WatchedConnection, watch: ConnectionWatch) {
    const pushed = watch.pushedRuns
    watch.pushedRuns = new Set()
    try {
      watch.activeRuns = await look(connection, pushed)
      watch.failures = 0
      watch.retryAfterMs = undefined
      setStatus(watch, { health: 'ok', lastSyncedAt: new Date().toISOString(), message: null })
    } catch (error) {
      // The pushed runs are read on the next look that succeeds.
      for (const runId of pushed) watch.pushedRuns.add(runId)
      watch.failures++
      watch.retryAfterMs = error instanceof CoreError ? error.details.retryAfterMs : undefined
      const health = healthOf(error)
      if (health !== watch.status.health || watch.failures === 1) options.onError?.(connection.id, error)
      setStatus(watch, { health, message: messageOf(error) })
    }
  }

  function scheduleNext(id: string, watch: ConnectionWatch) {
    clearTimeout(watch.timer)
    watch.timer = undefined
    if (stopped || paused) return
    const delay = nextDelayMs(
      schedule,
      {
        activeRuns: watch.activeRuns,
        focused,
        failures: watch.failures,
        retryAfterMs: watch.retryAfterMs,
        pushFed: watch.lastPushAt !== undefined && Date.now() - watch.lastPushAt < pushTrustMs,
      },
      options.random,
    )
    watch.timer = setTimeout(() => void pollOne(id), delay)
  }

  async function pollOne(id: string): Promise<void> {
    const connection = options.connections().find((c) => c.id === id)
    const watch = watchOf(id)
    if (!connection) return
    if (watch.running) {
      // A look is under way and may have read the runs before the change we are asked about.
      watch.again = true
      return watch.running
    }
    clearTimeout(watch.timer)
    watch.running = (async () => {
      do {
        watch.again = false
        await tick(connection, watch)
      } while (watch.again && !stopped)
    })()
    try {
      await watch.running
    } finally {
      watch.running = undefined
      scheduleNext(id, watch)
    }
  }

  function connectionsChanged() {
    const ids = new Set(options.connections().map((c) => c.id))
    for (const [id, watch] of watches) {
      if (ids.has(id)) continue
      clearTimeout(watch.timer)
      watches.delete(id)
      memory.forget(id)
    }
    if (stopped || paused) return
    for (const id of ids) if (!watches.get(id)?.timer && !watches.get(id)?.running) void pollOne(id)
  }

  async function pollNow(connectionId?: string) {
    const ids = connectionId ? [connectionId] : options.connections().map((c) => c.id)
    await Promise.all(ids.map(pollOne))
  }

  function onSignal(signal: string) {
    if (signal === 'focus' || signal === 'blur') {
      const was = focused
      focused = signal === 'focus'
      // Gaining focus: look now, and at the fast pace from here on.
      if (focused && !was && !paused) void pollNow()
      return
    }
    if (signal === 'suspend' || signal === 'offline') {
      paused = true
      for (const watch of watches.values()) {
        clearTimeout(watch.timer)
        watch.timer = undefined
        if (signal === 'offline')
          setStatus(watch, { health: 'offline', message: 'This computer is offline.' })
      }
      return
    }
    // resume / online: catch up at once, forgetting the backoff (the failures were the sleep's).
    paused = false
    for (const watch of watches.values()) watch.failures = 0
    if (!stopped) void pollNow()
  }

  return {
    start() {
      if (!stopped) return
      stopped = false
      unsubscribe = options.signals?.subscribe(onSignal)
      connectionsChanged()
    },
    pollNow,
    async pushed(connectionId, runId) {
      if (closed) return
      const watch = watchOf(connectionId)
      watch.lastPushAt = Date.now()
      watch.pushedRuns.add(runId)
      await pollOne(connectionId)
    },
    connectionsChanged,
    statuses: () => options.connections().map((c) => ({ ...watchOf(c.id).status })),
    async stop() {
      stopped = true
      closed = true
      unsubscribe?.()
      for (const watch of watches.values()) clearTimeout(watch.timer)
      await Promise.all([...watches.values()].map((w) => w.running))
      memory.save()
    },
  }
}

function healthOf(error: unknown): ConnectionHealth {
  if (!(error instanceof CoreError)) return 'error'
  if (error.status === 401) return 'key_rejected'
  if (error.status === 429) return 'rate_limited'
  if (error.code === 'unreachable') return 'offline'
  if (error.code === 'secret_unavailable' || error.code === 'no_api_key') return 'key_needed'
  return 'error'
}

function messageOf(error: unknown): string {
  return error instanceof CoreError ? error.message : 'Reading runs failed; the details are in the log.'
}
