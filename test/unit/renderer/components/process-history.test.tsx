/** A row's last run state and its strip of recent runs, from the runs the panel is given (no reads). */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ProcessSummary, RunSummary } from '../../../../src/shared/domain'
import { runSummary } from '../../../support/fixtures'
import { renderWithSettings } from './processes-panel-harness'

const processes: ProcessSummary[] = [
  { connectionId: 'local', id: 'p1', name: 'Echo payload', createdAt: '2026-01-01T00:00:00Z' },
  { connectionId: 'local', id: 'p2', name: 'Never run', createdAt: '2026-01-01T00:00:00Z' },
]
const runs: RunSummary[] = [
  runSummary({ id: 'r3', state: 'in_progress', duration: null, createdAt: '2026-01-01T00:00:03Z' }),
  runSummary({ id: 'r2', state: 'unresolved', duration: 30, createdAt: '2026-01-01T00:00:02Z' }),
  runSummary({ id: 'r1', state: 'completed', duration: 125, createdAt: '2026-01-01T00:00:01Z' }),
]

describe('a process’s recent runs', () => {
  it('shows the last run’s state and the runs oldest first, each with state and duration', async () => {
    const { bridge } = renderWithSettings(processes, {}, undefined, runs)
    const strip = await screen.findByRole('list', { name: 'Last 3 runs of Echo payload' })
    const row = strip.closest('li.process-row') as HTMLElement
    expect(row.querySelector('.process-history .state-badge')?.textContent).toBe('in_progress')
    const bars = within(strip).getAllByRole('listitem')
    expect(bars.map((bar) => bar.textContent)).toEqual([
      'completed, 2m 05s',
      'unresolved, 30 s',
      'in_progress',
    ])
    expect(bars.map((bar) => bar.style.height)).toEqual(['100%', '39%', '20%'])
    expect(screen.queryByRole('list', { name: /runs of Never run/ })).toBeNull()
    // Drawn from the runs the window holds: no run is read for it.
    expect(bridge.calls.filter((call) => call.name.startsWith('runs.'))).toEqual([])
  })
})
