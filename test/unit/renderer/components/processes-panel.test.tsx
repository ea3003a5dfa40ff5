/** The Processes panel over the fake bridge: filtering, launching with a payload, and launch errors. */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { BridgeError } from '../../../../src/renderer/src/bridge'
import { ProcessesPanel } from '../../../../src/renderer/src/components/processes-panel'
import { useProcesses } from '../../../../src/renderer/src/hooks/use-processes'
import type { ProcessSummary } from '../../../../src/shared/domain'
import { createFakeBridge, type FakeHandlers } from '../../../support/fake-bridge'
import { providersFor } from '../wrapper'
import { typePayload } from './payload-input'

const processes: ProcessSummary[] = [
  { connectionId: 'local', id: 'p1', name: 'Echo payload', createdAt: '2026-01-01T00:00:00Z' },
  { connectionId: 'local', id: 'p2', name: 'Invoice sync', createdAt: '2026-01-01T00:00:00Z' },
  { connectionId: 'prod', id: 'p3', name: 'Payroll', createdAt: '2026-01-01T00:00:00Z' },
]
const names: Record<string, string> = { local: 'Local room', prod: 'Production EU' }

function Harness({ onLaunched }: { onLaunched(process: ProcessSummary, runId: string): void }) {
  const query = useProcesses()
  return (
    <ProcessesPanel
      processes={query}
      nameOf={(id) => names[id] ?? id}
      isProduction={() => false}
      hasConnections
      runs={[]}
      onLaunched={onLaunched}
    />
  )
}

function renderPanel(handlers: FakeHandlers = {}) {
  const bridge = createFakeBridge({
    processes: { list: async () => ({ processes, failures: [] }), ...handlers.processes },
  })
  const onLaunched = vi.fn()
  render(<Harness onLaunched={onLaunched} />, { wrapper: providersFor(bridge) })
  return { bridge, onLaunched }
}

const shownNames = () =>
  screen.queryAllByRole('listitem').map((item) => item.querySelector('.process-row__name')?.textContent)

describe('ProcessesPanel', () => {
  it('filters by process name and by workspace name, case-insensitively', async () => {
    renderPanel()
    await waitFor(() => expect(shownNames()).toEqual(['Echo payload', 'Invoice sync', 'Payroll']))
    const filter = screen.getByRole('searchbox', { name: 'Filter processes' })

    fireEvent.change(filter, { target: { value: 'INVOICE' } })
    await waitFor(() => expect(shownNames()).toEqual(['Invoice sync']))

    fireEvent.change(filter, { target: { value: 'production' } })
    await waitFor(() => expect(shownNames()).toEqual(['Payroll']))

    fireEvent.change(filter, { target: { value: 'nothing like it' } })
    await waitFor(() => expect(screen.getByText('No process matches the filter.')).toBeTruthy())
  })

  it('launches with the typed payload and confirms with the new run id', async () => {
    const launched: unknown[] = []
    const { bridge, onLaunched } = renderPanel({
      processes: {
        launch: async (request) => {
          launched.push(request)
          return { runId: '0f8c1a52-7d9e-4e43-9d5e-2b7a8f3c1d00' }
        },
      },
    })
    const launch = await screen.findByRole('button', { name: 'Launch Echo payload' })
    await typePayload('Echo payload', '{"invoice": 42}')
    fireEvent.click(launch)

    const status = screen.getByRole('status', { name: 'Launch status' })
    await waitFor(() => expect(status.textContent).toBe('Launched Echo payload (run 0f8c1a52…).'))
    expect(launched).toEqual([{ connectionId: 'local', processId: 'p1', payload: { invoice: 42 } }])
    expect(onLaunched).toHaveBeenCalledWith(processes[0], '0f8c1a52-7d9e-4e43-9d5e-2b7a8f3c1d00')
    expect(bridge.callCount('processes.launch')).toBe(1)
  })

  it('does not launch with invalid JSON, and says where the error is', async () => {
    const { bridge } = renderPanel({ processes: { launch: async () => ({ runId: 'r1' }) } })
    const launch = await screen.findByRole('button', { name: 'Launch Invoice sync' })
    const textbox = await typePayload('Invoice sync', '{\n  "invoice": 42\n  "due": "soon"\n}')
    expect((launch as HTMLButtonElement).disabled).toBe(true)
    fireEvent.click(launch)
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)))
    expect(bridge.callCount('processes.launch')).toBe(0)
    const message = "Line 3, column 3: Expected ',' or '}' after property value"
    expect(screen.getByText(message)).toBeTruthy()
    expect(textbox.getAttribute('aria-invalid')).toBe('true')
    expect(document.getElementById(textbox.getAttribute('aria-describedby') ?? '')?.textContent).toBe(message)
  })

  it('shows a failed launch on the row with its code, and no confirmation', async () => {
    const { onLaunched } = renderPanel({
      processes: {
        launch: async () => {
          throw new BridgeError({
            code: 'forbidden',
            message: 'The key lacks trigger_processes.',
            status: 403,
          })
        },
      },
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Launch Payroll' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not launch Payroll: The key lacks trigger_processes.')
    expect(within(alert).getByText(/forbidden/)).toBeTruthy()
    expect(screen.getByRole('status', { name: 'Launch status' }).textContent).toBe('')
    expect(onLaunched).not.toHaveBeenCalled()
  })
})
