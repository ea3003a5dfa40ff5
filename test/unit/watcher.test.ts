import { describe, expect, it } from 'vitest'
import { createEventBus, isRunEvent, type RunEvent } from '../../src/main/core/events'
import { createWatcher } from '../../src/main/core/watcher'
import type { RunState, RunSummary } from '../../src/shared/domain'
import { runSummary } from '../support/fixtures'

const run = (id: string, state: RunState, createdAt = `2026-01-01T00:00:0${id}Z`) =>
  runSummary({ connectionId: 'c1', id, state, createdAt, duration: null })

function harness(pages: RunSummary[][]) {
  const events = createEventBus()
  const seen: RunEvent[] = []
  events.subscribe((event) => {
    if (isRunEvent(event)) seen.push(event)
  })
  let poll = 0
  const watcher = createWatcher({
    events,
    intervalMs: 60_000,
    connections: () => [{ id: 'c1', fetchRuns: async () => pages[Math.min(poll++, pages.length - 1)] ?? [] }],
  })
  return { watcher, seen }
}

describe('watcher', () => {
  it('treats what it finds at the start as history', async () => {
    const { watcher, seen } = harness([[run('1', 'completed'), run('2', 'in_progress')]])
    await watcher.pollNow()
    expect(seen).toEqual([])
  })

  it('emits updates and exactly one finished event per run', async () => {
    const { watcher, seen } = harness([
      [],
      [run('1', 'new')],
      [run('1', 'in_progress')],
      [run('1', 'completed')],
      [run('1', 'completed')],
    ])
    for (let i = 0; i < 5; i++) await watcher.pollNow()
    expect(seen.map((e) => `${e.name}:${e.payload.state}`)).toEqual([
      'run.updated:new',
      'run.updated:in_progress',
      'run.updated:completed',
      'run.finished:completed',
    ])
  })

  it('announces a run that started and finished between two polls', async () => {
    const { watcher, seen } = harness([
      [run('1', 'completed')],
      [run('2', 'unresolved'), run('1', 'completed')],
    ])
    await watcher.pollNow()
    await watcher.pollNow()
    expect(seen.filter((e) => e.name === 'run.finished').map((e) => e.payload.id)).toEqual(['2'])
  })

  it('reports a failing connection and keeps watching', async () => {
    const events = createEventBus()
    const errors: string[] = []
    let calls = 0
    const watcher = createWatcher({
      events,
      intervalMs: 60_000,
      onError: (id, error) => errors.push(`${id}: ${(error as Error).message}`),
      connections: () => [
        {
          id: 'c1',
          fetchRuns: async () => {
            calls++
            if (calls === 2) throw new Error('unreachable')
            return []
          },
        },
      ],
    })
    await watcher.pollNow()
    await watcher.pollNow()
    await watcher.pollNow()
    expect(errors).toEqual(['c1: unreachable'])
    expect(calls).toBe(3)
  })

  it('polls on its own once started, and stops', async () => {
    let calls = 0
    const watcher = createWatcher({
      events: createEventBus(),
      intervalMs: 20,
      connections: () => [
        {
          id: 'c1',
          fetchRuns: async () => {
            calls++
            return []
          },
        },
      ],
    })
    watcher.start()
    await new Promise((resolve) => setTimeout(resolve, 200))
    await watcher.stop()
    const afterStop = calls
    expect(afterStop).toBeGreaterThanOrEqual(3)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(calls).toBe(afterStop)
  })
})
