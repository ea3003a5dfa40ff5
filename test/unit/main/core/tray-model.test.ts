/** The tray menu as data, from the overview: launch items, running runs with elapsed time, last results. */
import { describe, expect, it } from 'vitest'
import { buildTrayModel, loadingTrayModel } from '../../../../src/main/core/tray-model'
import { trayOverview } from '../../../../src/main/core/tray-overview'
import type { ProcessSummary, RunSummary } from '../../../../src/shared/domain'
import { runSummary } from '../../../support/fixtures'

const NOW = Date.parse('2026-01-01T01:00:00Z')
const process = (id: string, name: string): ProcessSummary => ({
  connectionId: 'local',
  id,
  name,
  createdAt: '2026-01-01T00:00:00Z',
})
const run = (id: string, state: RunSummary['state'], minute = 0) =>
  runSummary({
    id,
    state,
    createdAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:00Z`,
    startedAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:00Z`,
  })
const model = (
  processes: ProcessSummary[],
  runs: RunSummary[],
  favourites: Parameters<typeof trayOverview>[2] = [],
) => buildTrayModel(trayOverview(runs, processes, favourites, NOW), processes)
const labels = (kind: string, built: ReturnType<typeof model>) =>
  built.items.filter((item) => item.kind === kind).map((item) => ('label' in item ? item.label : ''))

describe('tray model', () => {
  it('offers every process for launch, sorted, when no favourites are chosen', () => {
    const built = model([process('p2', 'Sales report'), process('p1', 'Echo payload')], [])
    expect(labels('launch', built)).toEqual(['Echo payload', 'Sales report'])
    expect(built.items.at(-1)).toEqual({ kind: 'quit', label: 'Quit Robodeck' })
    expect(built.items).toContainEqual({ kind: 'refresh', label: 'Refresh now' })
  })

  it('offers only the favourites, in their order and with their saved payloads, once there are some', () => {
    const built = model(
      [process('p1', 'Echo payload'), process('p2', 'Sales report')],
      [],
      [{ connectionId: 'local', processId: 'p2', payload: { month: 'May' } }],
    )
    expect(built.items.filter((item) => item.kind === 'launch')).toEqual([
      {
        kind: 'launch',
        label: 'Sales report',
        connectionId: 'local',
        processId: 'p2',
        payload: { month: 'May' },
      },
    ])
  })

  it('lists running runs with their state and elapsed time, then the last results', () => {
    const built = model(
      [],
      [run('r1', 'in_progress', 58), run('r2', 'completed', 10), run('r3', 'unresolved', 20)],
    )
    expect(labels('run', built)).toEqual([
      'Echo payload — in progress, 2m 00s',
      'Echo payload — failed',
      'Echo payload — completed',
    ])
    expect(labels('heading', built)).toEqual(['Launch', 'Running (1)', 'Last results'])
    // The newest result of the process is a failure: the state shows it.
    expect(built.state).toBe('failure')
    expect(built.tooltip).toBe('Robodeck — a run failed, 1 running')
  })

  it('says so when there is nothing to launch or watch', () => {
    const built = model([], [run('r2', 'completed')])
    expect(labels('note', built)).toEqual(['No processes', 'Nothing running'])
    expect(built.tooltip).toBe('Robodeck')
    expect(built.state).toBe('idle')
  })

  it('counts a stopping run as running', () => {
    const built = model([], [run('r', 'stopping', 59)])
    expect(labels('run', built)).toEqual(['Echo payload — stopping, 1m 00s'])
    expect(built.tooltip).toBe('Robodeck — 1 running')
    expect(built.state).toBe('running')
  })

  it('has a menu before anything has loaded', () => {
    expect(labels('note', loadingTrayModel())).toEqual(['Loading processes…', 'Nothing running'])
  })
})
