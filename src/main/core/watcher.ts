/**
 * The watcher notices runs changing state. It polls each connection's newest runs and compares
 * them with what it saw last: a new or changed run is `run.updated`; a run reaching a final state
 * is `run.finished`, exactly once per run. Runs already final when watching starts are history,
 * not news, so they raise nothing.
 */
import type { RunState, RunSummary } from '../../shared/domain'
import { isFinalRunState, runKey } from '../../shared/runs'
import type { EventBus } from './events'

export interface WatchedConnection {
  id: string
  /** The newest runs of the connection, newest first. */
  fetchRuns(): Promise<RunSummary[]>
}

export interface WatcherOptions {
  events: EventBus
  connections: () => WatchedConnection[]
  /** Pause between polls. */
  intervalMs: number
  onError?: (connectionId: string, error: unknown) => void
}

export interface Watcher {
  start(): void
  /** Polls now (coalesced with a poll already under way), e.g. right after a launch. */
  pollNow(): Promise<void>
  stop(): Promise<void>
}

const FINISHED_MEMORY = 10_000

/** Creates a polling watcher; call start() to begin. */
export function createWatcher(options: WatcherOptions): Watcher {
  const seen = new Map<string, Map<string, RunState>>()
  const finished = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let again = false
  let stopped = true

  function remember(key: string) {
    finished.add(key)
    // Bounded: a Set iterates in insertion order, so the first entry is the oldest.
    if (finished.size > FINISHED_MEMORY) finished.delete(finished.values().next().value as string)
  }

  async function pollConnection(connection: WatchedConnection) {
    const runs = await connection.fetchRuns()
    const known = seen.get(connection.id)
    // Only the newest window is kept: older runs cannot come back into it, so forgetting them is safe.
    seen.set(connection.id, new Map(runs.map((run) => [run.id, run.state])))
    if (!known) return // first look at this connection: everything is history
    // Oldest first, so the renderer and the tray hear about runs in the order they happened.
    for (const run of [...runs].reverse()) {
      if (known.get(run.id) === run.state) continue
      options.events.emit('run.updated', run)
      const key = runKey({ connectionId: connection.id, id: run.id })
      if (isFinalRunState(run.state) && !finished.has(key)) {
        remember(key)
        options.events.emit('run.finished', run)
      }
    }
  }

  async function pollAll() {
    await Promise.all(
      options
        .connections()
        .map((connection) =>
          pollConnection(connection).catch((error) => options.onError?.(connection.id, error)),
        ),
    )
  }

  function schedule() {
    if (stopped) return
    clearTimeout(timer)
    timer = setTimeout(() => void pollNow(), options.intervalMs)
  }

  async function pollNow(): Promise<void> {
    if (running) {
      // A poll is under way and may have read the runs before the change we are asked about.
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        await pollAll()
      } while (again && !stopped)
    })()
    try {
      await running
    } finally {
      running = undefined
      schedule()
    }
  }

  return {
    start() {
      if (!stopped) return
      stopped = false
      void pollNow()
    },
    pollNow,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
