/** The Runs panel in a DOM: the filter bar narrows the list, and a long list stays virtualized. */
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { RunsPanel } from '../../../../src/renderer/src/components/runs-panel'
import type { ConnectionSummary, RunSummary } from '../../../../src/shared/domain'
import { connectionSummary, runSummary } from '../../../support/fixtures'

const connections: ConnectionSummary[] = [
  connectionSummary({
    id: 'local',
    name: 'Local room',
    kind: 'local',
    apiUrl: 'http://127.0.0.1:1/api/v1',
    workspaceId: 'w1',
    keySuffix: 'abcd',
  }),
  connectionSummary({
    id: 'prod',
    name: 'Production EU',
    kind: 'cloud',
    apiUrl: 'https://cr.example/api/v1',
    workspaceId: 'w2',
    keySuffix: 'wxyz',
  }),
]
const nameOf = (id: string) => connections.find((c) => c.id === id)?.name ?? id

function manyRuns(count: number): RunSummary[] {
  const start = Date.parse('2026-01-02T12:00:00Z')
  return Array.from({ length: count }, (_, i) =>
    runSummary({
      connectionId: i % 2 === 0 ? 'local' : 'prod',
      id: `run-${i}`,
      processId: `p${i % 3}`,
      processName: ['Echo payload', 'Invoice sync', 'Payroll'][i % 3] as string,
      state: i % 5 === 0 ? 'unresolved' : 'completed',
      createdAt: new Date(start - i * 1000).toISOString(),
      startedBy: i % 2 === 0 ? { type: 'schedule', user: null } : { type: 'user', user: 'Ada Lovelace' },
    }),
  )
}

function renderPanel(runs: RunSummary[]) {
  return render(
    <RunsPanel
      runs={{ runs, failures: [], loading: false, refreshing: false, error: undefined, reload() {} }}
      nameOf={nameOf}
      highlightKey={undefined}
      connections={connections}
    />,
  )
}

// happy-dom has no layout: every box measures 0 x 0. The list's scroll box gets a window-sized
// height, as in the app, so the virtualizer has a viewport to fill.
beforeAll(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800)
})
afterAll(() => {
  vi.restoreAllMocks()
})

const rows = () => document.querySelectorAll('tr[data-run-id]')

describe('RunsPanel', () => {
  it('keeps only the rows in view in the DOM, even for 10,000 runs', () => {
    renderPanel(manyRuns(10_000))
    expect(document.querySelector('[data-run-count]')?.getAttribute('data-run-count')).toBe('10000')
    expect(rows().length).toBeGreaterThan(0)
    expect(rows().length).toBeLessThan(100)
    // Newest first.
    expect(rows()[0]?.getAttribute('data-run-id')).toBe('run-0')
    // How each was started: the trigger, or the user who started it by hand.
    expect([...rows()].slice(0, 2).map((row) => row.querySelector('[data-started-by]')?.textContent)).toEqual(
      ['Schedule', 'Ada Lovelace'],
    )
  })

  it('filters by state, workspace and search, says how many it shows, and clears', async () => {
    renderPanel(manyRuns(30))
    fireEvent.change(screen.getByRole('combobox', { name: 'State' }), { target: { value: 'unresolved' } })
    await waitFor(() => expect(screen.getByText(/Showing 6 of 30 runs/)).toBeTruthy())
    expect(
      [...rows()].every(
        (row) => row.querySelector('[data-state]')?.getAttribute('data-state') === 'unresolved',
      ),
    ).toBe(true)

    fireEvent.change(screen.getByRole('combobox', { name: 'Workspace' }), { target: { value: 'prod' } })
    // Unresolved runs are every 5th, prod runs the odd ones: 5, 15, 25.
    await waitFor(() =>
      expect([...rows()].map((r) => r.getAttribute('data-run-id'))).toEqual(['run-5', 'run-15', 'run-25']),
    )

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search runs' }), { target: { value: 'run-15' } })
    await waitFor(() => expect([...rows()].map((r) => r.getAttribute('data-run-id'))).toEqual(['run-15']))

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search runs' }), {
      target: { value: 'no such run' },
    })
    await waitFor(() => expect(screen.getByText('No run matches the filters.')).toBeTruthy())

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(screen.queryByText(/Showing/)).toBeNull())
    expect(rows()[0]?.getAttribute('data-run-id')).toBe('run-0')
  })

  it('offers every process of the list in the process filter, and narrows the list by one', async () => {
    renderPanel(manyRuns(10_000))
    const process = screen.getByRole('combobox', { name: 'Process' }) as HTMLSelectElement
    // The choices fill in just after the first rows (at a lower priority than the list).
    await waitFor(() =>
      expect([...process.options].map((o) => o.textContent)).toEqual(
        expect.arrayContaining(
          ['All processes', 'Echo payload', 'Invoice sync', 'Payroll'].map((name) =>
            expect.stringContaining(name),
          ),
        ),
      ),
    )
    // Process ids are per workspace: Payroll (every 3rd run from the third) in the local one, even runs.
    const payroll = [...process.options].find((o) => o.value === 'local\u0000p2')?.value as string
    fireEvent.change(process, { target: { value: payroll } })
    await waitFor(() =>
      expect(document.querySelector('[data-run-count]')?.getAttribute('data-run-count')).toBe('1667'),
    )
    expect([...rows()].every((row) => row.textContent?.includes('Payroll'))).toBe(true)
  })
})
