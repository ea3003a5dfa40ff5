/**
 * The tray controller keeps the model current: it follows run events, reads the favourites at
 * each drawing, redraws on a timer only while something runs (so elapsed times move), and keeps a
 * bounded number of finished runs while never dropping a running one.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createEventBus } from '../../../../src/main/core/events'
import type { Favourite } from '../../../../src/main/core/settings/settings-schema'
import { createTrayController } from '../../../../src/main/core/tray-controller'
import type { TrayModel } from '../../../../src/main/core/tray-model'
import { runSummary, stubCommandHandlers } from '../../../support/fixtures'

const START = Date.parse('2026-01-01T00:00:00Z')
const runLabels = (model: TrayModel | undefined) =>
  model?.items.filter((item) => item.kind === 'run').map((item) => ('label' in item ? item.label : ''))

afterEach(() => vi.useRealTimers())

function setup(favourites: Favourite[] = []) {
  vi.useFakeTimers({ now: START })
  const events = createEventBus()
  const drawn: TrayModel[] = []
  const saved = { favourites }
  const controller = createTrayController(stubCommandHandlers(), events, (model) => drawn.push(model), {
    favourites: () => saved.favourites,
    now: Date.now,
    tickMs: 30_000,
  })
  return { events, drawn, saved, controller }
}

describe('tray controller', () => {
  it('redraws every tick while a run is going, and stops once nothing runs', () => {
    const { events, drawn, controller } = setup()
    events.emit(
      'run.started',
      runSummary({ id: 'r1', state: 'in_progress', startedAt: new Date(START).toISOString() }),
    )
    vi.advanceTimersByTime(90_000)
    expect(runLabels(drawn.at(-1))).toEqual(['Echo payload — in progress, 1m 30s'])
    const whileRunning = drawn.length
    events.emit('run.finished', runSummary({ id: 'r1', state: 'completed' }))
    const afterEnd = drawn.length
    expect(afterEnd).toBe(whileRunning + 1)
    vi.advanceTimersByTime(300_000)
    expect(drawn).toHaveLength(afterEnd)
    expect(vi.getTimerCount()).toBe(0)
    controller.dispose()
  })

  it('reads the favourites when it draws, so a change shows at the next drawing', () => {
    const { events, drawn, saved, controller } = setup()
    expect(drawn.at(-1)?.items.filter((item) => item.kind === 'launch')).toEqual([])
    saved.favourites = [{ connectionId: 'local', processId: 'p1', payload: { n: 1 } }]
    events.emit('run.updated', runSummary({ id: 'r0', state: 'completed' }))
    expect(drawn.at(-1)?.items.filter((item) => item.kind === 'launch')).toEqual([
      { kind: 'launch', label: 'p1', connectionId: 'local', processId: 'p1', payload: { n: 1 } },
    ])
    controller.dispose()
  })

  it('keeps a running run however many runs finish after it (only finished ones are let go)', () => {
    const { events, controller } = setup()
    events.emit(
      'run.started',
      runSummary({ id: 'old', state: 'in_progress', createdAt: '2025-01-01T00:00:00Z' }),
    )
    for (let i = 0; i < 120; i++)
      events.emit(
        'run.finished',
        runSummary({ id: `r${i}`, state: 'completed', createdAt: new Date(START + i * 1000).toISOString() }),
      )
    const model = controller.model()
    expect(model.state).toBe('running')
    expect(model.items.filter((item) => item.kind === 'run' && item.runId === 'old')).toHaveLength(1)
    controller.dispose()
    expect(vi.getTimerCount()).toBe(0)
  })
})
