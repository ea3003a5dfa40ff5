/**
 * The command palette through the whole window (happy-dom, fake bridge): Ctrl+K opens it, typing
 * narrows it, Enter carries the entry out: a view shown, a process's Launch button focused (so a
 * second Enter launches through the row's own path), a run opened. Escape closes it.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { App } from '../../../../src/renderer/src/app'
import { createFakeBridge } from '../../../support/fake-bridge'
import { connectionSummary, runSummary, stubCommandHandlers } from '../../../support/fixtures'
import { providersFor } from '../wrapper'

function renderApp() {
  const handlers = stubCommandHandlers({
    list: async () => ({
      processes: [
        { connectionId: 'local', id: 'p1', name: 'Echo payload', createdAt: '2026-01-01T00:00:00Z' },
        { connectionId: 'local', id: 'p2', name: 'Sales report', createdAt: '2026-01-01T00:00:00Z' },
      ],
      failures: [],
    }),
  })
  handlers.connections.list = async () => [
    connectionSummary({
      id: 'local',
      name: 'Local',
      kind: 'local',
      apiUrl: 'http://127.0.0.1:1/api/v1',
      workspaceId: 'w1',
    }),
  ]
  handlers.runs.list = async () => ({
    runs: [runSummary({ connectionId: 'local', id: 'r7', processName: 'Payroll', state: 'unresolved' })],
    failures: [],
  })
  handlers.runs.get = async ({ runId }) => ({ run: runSummary({ id: runId }), stepRuns: [], webUrl: null })
  const bridge = createFakeBridge(handlers)
  render(<App />, { wrapper: providersFor(bridge) })
  return bridge
}

async function openPalette() {
  fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
  const dialog = await screen.findByRole('dialog', { name: 'Command palette' })
  return { dialog, input: within(dialog).getByRole('combobox') }
}

describe('command palette', () => {
  it('opens with Ctrl+K and the top bar’s button, and closes with Escape', async () => {
    renderApp()
    const { input } = await openPalette()
    expect(document.activeElement).toBe(input)
    fireEvent.keyDown(input, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull())
    fireEvent.click(screen.getByRole('button', { name: /^Commands/ }))
    expect(await screen.findByRole('dialog', { name: 'Command palette' })).toBeTruthy()
  })

  it('goes to a view', async () => {
    renderApp()
    const { input } = await openPalette()
    fireEvent.change(input, { target: { value: 'workspaces' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(await screen.findByRole('region', { name: 'Workspaces' })).toBeTruthy()
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull()
  })

  it('puts focus on a process’s Launch button, even when the processes filter hid it', async () => {
    const bridge = renderApp()
    await screen.findByRole('button', { name: 'Launch Sales report' })
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter processes' }), {
      target: { value: 'echo' },
    })
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Launch Sales report' })).toBeNull())
    const { input } = await openPalette()
    fireEvent.change(input, { target: { value: 'launch sales' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Launch Sales report' })),
    )
    expect(bridge.calls.some((c) => c.name === 'processes.launch')).toBe(false)
  })

  it('opens a recent run', async () => {
    renderApp()
    const { input } = await openPalette()
    await within(screen.getByRole('dialog')).findByRole('option', { name: /^Payroll: unresolved/ })
    fireEvent.change(input, { target: { value: 'payroll' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() =>
      expect(document.querySelector('[data-detail-run-id]')?.getAttribute('data-detail-run-id')).toBe('r7'),
    )
  })
})
