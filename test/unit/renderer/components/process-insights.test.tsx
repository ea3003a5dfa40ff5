/**
 * A process's insights dialog, opened from its row over the fake bridge: the numbers and the table
 * come from the feed's runs of that process only, the size picker widens them, Close ends it.
 * (The chart's canvas is drawn in Chromium: test/e2e/process-insights.spec.ts.)
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ProcessSummary, RunState } from '../../../../src/shared/domain'
import { runSummary } from '../../../support/fixtures'
import { renderWithSettings } from './processes-panel-harness'

const processes: ProcessSummary[] = [
  { connectionId: 'local', id: 'p1', name: 'Payroll', createdAt: '2026-01-01T00:00:00Z' },
  { connectionId: 'local', id: 'p2', name: 'Invoices', createdAt: '2026-01-01T00:00:00Z' },
]

/** 25 runs of Payroll (every fifth unresolved, durations 1..5 s), and some of Invoices. */
const runs = [
  ...Array.from({ length: 25 }, (_, i) =>
    runSummary({
      id: `pay-${i}`,
      processId: 'p1',
      processName: 'Payroll',
      state: (i % 5 === 4 ? 'unresolved' : 'completed') as RunState,
      duration: 1 + (i % 5),
      createdAt: new Date(Date.UTC(2026, 0, 1, 12, i)).toISOString(),
    }),
  ),
  runSummary({ id: 'inv-0', processId: 'p2', processName: 'Invoices', duration: 300 }),
]

const stat = (dialog: HTMLElement, name: string) => dialog.querySelector(`[data-stat="${name}"]`)?.textContent

describe('process insights', () => {
  it('opens from the row with the last 20 runs of that process, and widens to 50', async () => {
    renderWithSettings(processes, {}, undefined, runs)
    fireEvent.click(await screen.findByRole('button', { name: 'Insights for Payroll' }))
    const dialog = await screen.findByRole('dialog', { name: 'Insights: Payroll' }, { timeout: 5000 })

    // The newest 20 (runs 5..24): 16 completed, 4 unresolved; durations 1..5 four times each.
    expect(within(dialog).getByText('The last 20 runs, oldest on the left.')).toBeTruthy()
    expect(stat(dialog, 'success-rate')).toBe('80%')
    expect(stat(dialog, 'median')).toBe('3.0 s')
    expect(stat(dialog, 'p95')).toBe('5.0 s')
    expect(stat(dialog, 'runs')).toBe('20')
    const table = within(dialog).getByRole('table', { name: 'Last 20 runs of Payroll, oldest first' })
    const rows = table.querySelectorAll('tbody tr')
    expect(rows).toHaveLength(20)
    expect(rows[0]?.getAttribute('data-insight-run-id')).toBe('pay-5')
    expect(rows[19]?.textContent).toContain('Unresolved (failed)')
    expect(
      within(dialog).getByRole('img', { name: /^Bar chart of the durations of the last 20 runs/ }),
    ).toBeTruthy()

    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Runs' }), { target: { value: '50' } })
    expect(
      within(dialog).getByText(
        'The window holds 25 runs of this process, so all are shown (of the last 50 asked for).',
      ),
    ).toBeTruthy()
    expect(stat(dialog, 'runs')).toBe('25')
    expect(stat(dialog, 'success-rate')).toBe('80%')

    fireEvent.click(within(dialog).getByRole('button', { name: 'Close insights' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('says so when the process has no runs yet', async () => {
    renderWithSettings(processes, {}, undefined, [])
    fireEvent.click(await screen.findByRole('button', { name: 'Insights for Invoices' }))
    const dialog = await screen.findByRole('dialog', { name: 'Insights: Invoices' }, { timeout: 5000 })
    expect(within(dialog).getByText('No runs of this process yet')).toBeTruthy()
    expect(stat(dialog, 'success-rate')).toBe('—')
    expect(within(dialog).queryByRole('table')).toBeNull()
  })
})
