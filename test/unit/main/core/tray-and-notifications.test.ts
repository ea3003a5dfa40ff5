import { describe, expect, it } from 'vitest'
import { runFinishedNotification } from '../../../../src/main/core/notification-rules'
import { buildTrayModel } from '../../../../src/main/core/tray-model'
import type { ProcessSummary, RunSummary } from '../../../../src/shared/domain'
import { runSummary } from '../../../support/fixtures'

const process = (id: string, name: string): ProcessSummary => ({
  connectionId: 'local',
  id,
  name,
  createdAt: '2026-01-01T00:00:00Z',
})
const run = (id: string, state: RunSummary['state'], duration: number | null = null) =>
  runSummary({ id, state, duration })

describe('tray model', () => {
  it('offers every process for launch, sorted, and lists only running runs', () => {
    const model = buildTrayModel(
      [process('p2', 'Sales report'), process('p1', 'Echo payload')],
      [run('r1', 'in_progress'), run('r2', 'completed'), run('r3', 'new')],
    )
    expect(model.items.filter((i) => i.kind === 'launch').map((i) => i.label)).toEqual([
      'Echo payload',
      'Sales report',
    ])
    expect(model.items.filter((i) => i.kind === 'run').map((i) => (i.kind === 'run' ? i.runId : ''))).toEqual(
      ['r1', 'r3'],
    )
    expect(model.tooltip).toBe('Robodeck — 2 running')
    expect(model.items.at(-1)).toEqual({ kind: 'quit', label: 'Quit Robodeck' })
  })

  it('says so when there is nothing to launch or watch', () => {
    const model = buildTrayModel([], [run('r2', 'completed')])
    expect(model.items.filter((i) => i.kind === 'note').map((i) => i.label)).toEqual([
      'No processes',
      'Nothing running',
    ])
    expect(model.tooltip).toBe('Robodeck')
  })
})

describe('run finished notification', () => {
  it('names the process, the outcome and the duration', () => {
    expect(runFinishedNotification(run('r', 'completed', 4.2), 'Local Control Room')).toEqual({
      title: 'Echo payload completed',
      body: 'Run finished in 4.2 s (Local Control Room).',
    })
    expect(runFinishedNotification(run('r', 'unresolved', 125))?.title).toBe('Echo payload ended unresolved')
    expect(runFinishedNotification(run('r', 'unresolved', 125))?.body).toBe('Run finished in 2m 05s.')
  })

  it('is null for a run that has not finished', () => {
    expect(runFinishedNotification(run('r', 'in_progress'))).toBeNull()
  })

  it('says stopped runs are still running, and ends them in the notification only once final', () => {
    const stopping = run('r', 'stopping')
    expect(runFinishedNotification(stopping)).toBeNull()
    expect(buildTrayModel([], [stopping]).items).toContainEqual(
      expect.objectContaining({ kind: 'run', label: 'Echo payload — stopping' }),
    )
  })
})
