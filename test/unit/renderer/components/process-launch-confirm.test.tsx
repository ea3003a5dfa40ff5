/** A launch in a production workspace asks first (Launch, Cancel, Escape); elsewhere it does not. */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { ProcessesPanel } from '../../../../src/renderer/src/components/processes-panel'
import { useProcesses } from '../../../../src/renderer/src/hooks/use-processes'
import type { ProcessSummary } from '../../../../src/shared/domain'
import { createFakeBridge } from '../../../support/fake-bridge'
import { providersFor } from '../wrapper'
import { typePayload } from './payload-input'

const processes: ProcessSummary[] = [
  { connectionId: 'local', id: 'p1', name: 'Echo payload', createdAt: '2026-01-01T00:00:00Z' },
  { connectionId: 'acme', id: 'p3', name: 'Payroll', createdAt: '2026-01-01T00:00:00Z' },
]
const names: Record<string, string> = { local: 'Local room', acme: 'ACME' }

function Harness({ onLaunched }: { onLaunched(process: ProcessSummary, runId: string): void }) {
  return (
    <ProcessesPanel
      processes={useProcesses()}
      nameOf={(id) => names[id] ?? id}
      isProduction={(id) => id === 'acme'}
      hasConnections
      runs={[]}
      onLaunched={onLaunched}
    />
  )
}

function renderPanel() {
  const launched: unknown[] = []
  const bridge = createFakeBridge({
    processes: {
      list: async () => ({ processes, failures: [] }),
      launch: async (request) => {
        launched.push(request)
        return { runId: `run-${launched.length}` }
      },
    },
  })
  const onLaunched = vi.fn()
  render(<Harness onLaunched={onLaunched} />, { wrapper: providersFor(bridge) })
  return { launched, onLaunched }
}

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 20)))

describe('launching in a production workspace', () => {
  it('asks first, with focus on Cancel, and launches the payload on Launch', async () => {
    const { launched, onLaunched } = renderPanel()
    await screen.findByRole('button', { name: 'Launch Payroll' })
    await typePayload('Payroll', '{"month": 11}')
    fireEvent.click(screen.getByRole('button', { name: 'Launch Payroll' }))

    const question = screen.getByRole('group', { name: 'Launch Payroll in Production workspace ACME?' })
    expect(document.activeElement?.textContent).toBe('Cancel')
    await settle()
    expect(launched).toEqual([])

    fireEvent.click(question.querySelector('.button--danger') as HTMLElement)
    await waitFor(() =>
      expect(launched).toEqual([{ connectionId: 'acme', processId: 'p3', payload: { month: 11 } }]),
    )
    expect(onLaunched).toHaveBeenCalledWith(processes[1], 'run-1')
    expect(screen.queryByRole('group', { name: /Production workspace/ })).toBeNull()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Launch Payroll' }))
  })

  it('sends nothing on Cancel or Escape, and gives focus back to Launch', async () => {
    const { launched } = renderPanel()
    const launch = await screen.findByRole('button', { name: 'Launch Payroll' })

    fireEvent.click(launch)
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('group', { name: /Production workspace/ })).toBeNull()
    expect(document.activeElement).toBe(launch)

    fireEvent.click(launch)
    fireEvent.keyDown(screen.getByRole('button', { name: 'Cancel' }), { key: 'Escape' })
    expect(screen.queryByRole('group', { name: /Production workspace/ })).toBeNull()
    expect(document.activeElement).toBe(launch)
    await settle()
    expect(launched).toEqual([])
  })

  it('launches at once outside production', async () => {
    const { launched } = renderPanel()
    fireEvent.click(await screen.findByRole('button', { name: 'Launch Echo payload' }))
    await waitFor(() => expect(launched).toEqual([{ connectionId: 'local', processId: 'p1' }]))
    expect(screen.queryByRole('group', { name: /Production workspace/ })).toBeNull()
  })
})
