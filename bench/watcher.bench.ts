/**
 * The watcher's politeness, on a simulated clock (fake timers), each beside a baseline from the
 * same run: the 1-second poller Robodeck had before (one list a second, whatever happened).
 * - requests per hour for an idle connection (target at most 120), and how soon a finish is noticed
 *   (target: within one slow interval, 60 s + jitter);
 * - requests per look with 20 active runs (target at most 2; a per-run poller would make 21);
 * - RSS after a simulated hour watching 5 workspaces (target under 120 MB).
 */
import { afterEach, expect, it, vi } from 'vitest'
import { type AnyEvent, createEventBus } from '../src/main/core/events'
import { openWatchMemory } from '../src/main/core/watcher/watch-memory'
import { DEFAULT_SCHEDULE } from '../src/main/core/watcher/watch-schedule'
import { createWatcher, type WatchedConnection } from '../src/main/core/watcher/watcher'
import type { RunState, RunSummary } from '../src/shared/domain'
import { runSummary } from '../test/support/fixtures'

const HOUR = 3_600_000
afterEach(() => {
  vi.useRealTimers()
})

function workspace(id: string) {
  const runs = new Map<string, RunSummary>()
  const calls = { list: 0, detail: 0 }
  const connection: WatchedConnection = {
    id,
    async fetchRuns() {
      calls.list++
      return [...runs.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).slice(0, 50)
    },
    async fetchRun(runId) {
      calls.detail++
      return runs.get(runId) ?? null
    },
  }
  let n = 0
  const put = (state: RunState, runId = `r${++n}`) => {
    const at = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString()
    runs.set(runId, runSummary({ connectionId: id, id: runId, state, createdAt: at }))
    return runId
  }
  return { connection, calls, put }
}

function watch(connections: WatchedConnection[]) {
  const events = createEventBus()
  const finished: { id: string; at: number }[] = []
  events.subscribe((event: AnyEvent) => {
    if (event.name === 'run.finished') finished.push({ id: event.payload.id, at: Date.now() })
  })
  const watcher = createWatcher({ events, memory: openWatchMemory(), connections: () => connections })
  return { watcher, finished }
}

/** The poller Robodeck had before: one list a second. */
function baselinePoller(connection: WatchedConnection) {
  const timer = setInterval(() => void connection.fetchRuns(), 1_000)
  return () => clearInterval(timer)
}

const line = (name: string, figure: number, baseline: number, target: string, met: boolean) =>
  `${name}: ${figure} (baseline ${baseline}, ratio ${(figure / baseline).toFixed(3)}; target ${target}: ${met ? 'met' : 'NOT met'})`

it('idle connection: requests per hour, and a finish noticed within one slow interval', async () => {
  vi.useFakeTimers()
  const base = workspace('base')
  const stopBaseline = baselinePoller(base.connection)
  await vi.advanceTimersByTimeAsync(HOUR)
  stopBaseline()

  const idle = workspace('idle')
  idle.put('completed')
  const { watcher, finished } = watch([idle.connection])
  watcher.start()
  await vi.advanceTimersByTimeAsync(HOUR)
  const perHour = idle.calls.list + idle.calls.detail
  const started = Date.now()
  const runId = idle.put('completed') // started and ended between two looks, elsewhere
  await vi.advanceTimersByTimeAsync(2 * DEFAULT_SCHEDULE.slowMs)
  await watcher.stop()
  const noticedAfter = (finished.find((f) => f.id === runId)?.at ?? Number.POSITIVE_INFINITY) - started
  const slowest = DEFAULT_SCHEDULE.slowMs * (1 + DEFAULT_SCHEDULE.jitter)
  console.log(line('idle requests per hour', perHour, base.calls.list, '<= 120', perHour <= 120))
  console.log(
    line('finish noticed after (ms)', noticedAfter, slowest, `<= ${slowest}`, noticedAfter <= slowest),
  )
  expect(perHour).toBeLessThanOrEqual(120)
  expect(noticedAfter).toBeLessThanOrEqual(slowest)
})

it('20 active runs: requests per look', async () => {
  vi.useFakeTimers()
  const busy = workspace('busy')
  const { watcher } = watch([busy.connection])
  watcher.start()
  await vi.advanceTimersByTimeAsync(0)
  for (let i = 0; i < 20; i++) busy.put('in_progress')
  await watcher.pollNow()
  const before = busy.calls.list + busy.calls.detail
  const looksBefore = busy.calls.list
  await vi.advanceTimersByTimeAsync(60_000)
  await watcher.stop()
  const looks = busy.calls.list - looksBefore
  const perLook = (busy.calls.list + busy.calls.detail - before) / looks
  const perRunBaseline = 21 // one list plus one detail per active run
  console.log(line('requests per look with 20 active runs', perLook, perRunBaseline, '<= 2', perLook <= 2))
  expect(perLook).toBeLessThanOrEqual(2)
})

it('RSS after a simulated hour watching 5 workspaces', async () => {
  globalThis.gc?.()
  const baselineMb = process.memoryUsage().rss / 1e6
  vi.useFakeTimers()
  const spaces = Array.from({ length: 5 }, (_, i) => workspace(`ws${i}`))
  const { watcher } = watch(spaces.map((s) => s.connection))
  watcher.start()
  // Each workspace gets a run that lasts 30 s; 5 of them back to back fill 2.5 min, 24 times an hour.
  for (let round = 0; round < 24; round++) {
    for (const space of spaces) {
      const id = space.put('in_progress')
      await vi.advanceTimersByTimeAsync(30_000)
      space.put('completed', id)
    }
  }
  await watcher.stop()
  const rssMb = Math.round(process.memoryUsage().rss / 1e6)
  console.log(
    line(
      'core RSS MB after a simulated hour, 5 workspaces',
      rssMb,
      Math.round(baselineMb),
      '< 120',
      rssMb < 120,
    ),
  )
  expect(rssMb).toBeLessThan(120)
})
