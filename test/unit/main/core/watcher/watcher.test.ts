import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CoreError } from '../../../../../src/main/core/errors'
import { type AnyEvent, createEventBus } from '../../../../../src/main/core/events'
import { openWatchMemory, type WatchMemory } from '../../../../../src/main/core/watcher/watch-memory'
import { createSignalHub } from '../../../../../src/main/core/watcher/watch-signals'
import { createWatcher, type WatchedConnection } from '../../../../../src/main/core/watcher/watcher'
import type { RunState, RunSummary } from '../../../../../src/shared/domain'
import { runSummary } from '../../../../support/fixtures'
import { tempDir } from '../../../../support/temp-dir'

const run = (id: string, state: RunState) =>
  runSummary({ connectionId: 'c1', id, state, createdAt: `2026-01-01T00:00:${id.padStart(2, '0')}Z` })

/** A fake workspace: `page` is what the list returns, `all` what a detail request finds. */
function workspace() {
  const all = new Map<string, RunSummary>()
  let pageSize = 50
  const calls = { list: 0, detail: 0 }
  let fail: (() => Error) | undefined
  const connection: WatchedConnection = {
    id: 'c1',
    async fetchRuns() {
      calls.list++
      if (fail) throw fail()
      return [...all.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).slice(0, pageSize)
    },
    async fetchRun(id) {
      calls.detail++
      if (fail) throw fail()
      return all.get(id) ?? null
    },
  }
  return {
    connection,
    calls,
    put: (r: RunSummary) => all.set(r.id, r),
    setPageSize: (n: number) => {
      pageSize = n
    },
    failWith: (make: (() => Error) | undefined) => {
      fail = make
    },
  }
}

function watch(ws: ReturnType<typeof workspace>, memory: WatchMemory = openWatchMemory()) {
  const events = createEventBus()
  const seen: AnyEvent[] = []
  events.subscribe((event) => seen.push(event))
  const signals = createSignalHub()
  const watcher = createWatcher({
    events,
    memory,
    signals,
    schedule: { fastMs: 1_000, slowMs: 60_000, maxBackoffMs: 300_000, jitter: 0 },
    connections: () => [ws.connection],
    pushTrustMs: 120_000,
  })
  const names = (kind: string) =>
    seen.flatMap((e) => (e.name === kind && 'id' in e.payload ? [e.payload.id] : []))
  return { watcher, seen, signals, names }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('watcher', () => {
  it('treats what it finds on its first look as history', async () => {
    const ws = workspace()
    ws.put(run('1', 'completed'))
    ws.put(run('2', 'in_progress'))
    const { watcher, seen } = watch(ws)
    await watcher.pollNow()
    expect(seen.filter((e) => e.name !== 'connection.status')).toEqual([])
  })

  it('announces each run started and finished exactly once', async () => {
    const ws = workspace()
    const { watcher, names } = watch(ws)
    await watcher.pollNow()
    for (const state of ['new', 'in_progress', 'completed', 'completed'] as const) {
      ws.put(run('1', state))
      await watcher.pollNow()
    }
    ws.put(run('2', 'unresolved')) // started and ended between two looks
    await watcher.pollNow()
    await watcher.pollNow()
    expect(names('run.started')).toEqual(['1', '2'])
    expect(names('run.finished')).toEqual(['1', '2'])
    expect(names('run.updated')).toEqual(['1', '1', '1', '2'])
  })

  it('follows an active run that left the newest page, by id, until it ends', async () => {
    const ws = workspace()
    ws.setPageSize(2)
    const { watcher, names } = watch(ws)
    await watcher.pollNow()
    ws.put(run('1', 'in_progress'))
    await watcher.pollNow()
    ws.put(run('2', 'completed'))
    ws.put(run('3', 'completed')) // run 1 is now off the page
    await watcher.pollNow()
    ws.put(run('1', 'completed'))
    await watcher.pollNow()
    await watcher.pollNow()
    expect(names('run.finished')).toEqual(['2', '3', '1'])
    // One list per look; details only while run 1 was followed off the page (two looks).
    expect(ws.calls.list).toBe(5)
    expect(ws.calls.detail).toBe(2)
  })

  it('remembers across a restart: no repeat, and a finish that happened while it was down', async () => {
    const dir = await tempDir()
    const file = join(dir, 'watch-state.json')
    const ws = workspace()
    const first = watch(ws, openWatchMemory(file))
    await first.watcher.pollNow()
    ws.put(run('1', 'in_progress'))
    ws.put(run('2', 'completed'))
    await first.watcher.pollNow()
    await first.watcher.stop()
    expect(statSync(file).mode & 0o777).toBe(0o600)

    ws.put(run('1', 'completed'))
    ws.put(run('3', 'completed'))
    const second = watch(ws, openWatchMemory(file))
    await second.watcher.pollNow()
    await second.watcher.pollNow()
    expect(first.names('run.finished')).toEqual(['2'])
    expect(second.names('run.finished')).toEqual(['1', '3'])
    expect(second.names('run.started')).toEqual(['3'])
  })

  it('reports each connection’s health and when it last synced', async () => {
    const ws = workspace()
    const { watcher } = watch(ws)
    await watcher.pollNow()
    expect(watcher.statuses()[0]).toMatchObject({ health: 'ok', message: null })
    expect(watcher.statuses()[0]?.lastSyncedAt).not.toBeNull()
    ws.failWith(() => new CoreError('http_401', 'Control Room did not accept the API key', 401))
    await watcher.pollNow()
    expect(watcher.statuses()[0]).toMatchObject({ health: 'key_rejected' })
    ws.failWith(() => new CoreError('http_429', 'slow down', 429, { retryAfterMs: 5_000 }))
    await watcher.pollNow()
    expect(watcher.statuses()[0]).toMatchObject({ health: 'rate_limited' })
    ws.failWith(() => new CoreError('unreachable', 'Cannot reach Control Room'))
    await watcher.pollNow()
    expect(watcher.statuses()[0]).toMatchObject({ health: 'offline' })
  })

  it('polls fast while runs are active, slow when idle, and backs off on failure', async () => {
    vi.useFakeTimers()
    const ws = workspace()
    const { watcher } = watch(ws)
    watcher.start()
    await vi.advanceTimersByTimeAsync(0)
    const listsIn = async (ms: number) => {
      const before = ws.calls.list
      await vi.advanceTimersByTimeAsync(ms)
      return ws.calls.list - before
    }
    expect(await listsIn(60_000)).toBe(1) // idle: one look a minute
    ws.put(run('1', 'in_progress'))
    await listsIn(60_000) // sees it active
    expect(await listsIn(10_000)).toBe(10) // active: every second
    ws.failWith(() => new CoreError('unreachable', 'down'))
    // Failures in a row wait 2 s, 4 s, 8 s, 16 s...: 4 looks in 31 s instead of 31.
    expect(await listsIn(31_000)).toBeLessThanOrEqual(5)
    ws.failWith(() => new CoreError('http_429', 'slow down', 429, { retryAfterMs: 120_000 }))
    await watcher.pollNow()
    expect(await listsIn(110_000)).toBe(0) // Retry-After: 120 s is honoured...
    expect(await listsIn(40_000)).toBe(1) // ...and then it looks again
    await watcher.stop()
  })

  it('pauses while suspended and catches up on resume', async () => {
    vi.useFakeTimers()
    const ws = workspace()
    const { watcher, signals } = watch(ws)
    watcher.start()
    await vi.advanceTimersByTimeAsync(0)
    signals.emit('suspend')
    const before = ws.calls.list
    await vi.advanceTimersByTimeAsync(600_000)
    expect(ws.calls.list).toBe(before)
    signals.emit('resume')
    await vi.advanceTimersByTimeAsync(0)
    expect(ws.calls.list).toBe(before + 1)
    signals.emit('focus') // focus: look now, then fast
    await vi.advanceTimersByTimeAsync(5_000)
    expect(ws.calls.list).toBeGreaterThanOrEqual(before + 6)
    await watcher.stop()
  })

  it('reads a pushed run at once, off the page and even on the first look, and announces it once', async () => {
    const ws = workspace()
    ws.setPageSize(1)
    ws.put(run('1', 'completed'))
    ws.put(run('2', 'completed'))
    const { watcher, names } = watch(ws)
    // Pushed before any look: news (the webhook is this start's), where the page alone is history.
    await watcher.pushed('c1', '2')
    expect(names('run.finished')).toEqual(['2'])
    // Run 1 is off the one-run page: read by id because it was pushed.
    ws.put(run('1', 'completed'))
    await watcher.pushed('c1', '1')
    expect(ws.calls.detail).toBe(1)
    await watcher.pushed('c1', '1')
    await watcher.pollNow()
    expect(names('run.finished')).toEqual(['2', '1'])
    expect(names('run.started')).toEqual(['2', '1'])
  })

  it('keeps the idle pace while pushes arrive, and the fast pace again once they stop', async () => {
    vi.useFakeTimers()
    const ws = workspace()
    const { watcher } = watch(ws)
    watcher.start()
    await vi.advanceTimersByTimeAsync(0)
    const listsIn = async (ms: number) => {
      const before = ws.calls.list
      await vi.advanceTimersByTimeAsync(ms)
      return ws.calls.list - before
    }
    ws.put(run('1', 'in_progress'))
    await watcher.pushed('c1', '1')
    expect(await listsIn(59_000)).toBe(0) // an active run, but pushes come: the idle pace
    expect(await listsIn(2_000)).toBe(1)
    expect(await listsIn(58_000)).toBe(0)
    // No push for the trust's 120 s: polling is on its own again, fast while runs are active.
    await listsIn(2_000)
    expect(await listsIn(10_000)).toBe(10)
    await watcher.stop()
  })
})
