/**
 * Favourites in the Processes panel over the fake bridge: the tray's list (settings.favourites)
 * stars its processes and lists them first; a star saves the whole list, keeping a favourite's
 * saved payload; a refused save is shown.
 */
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BridgeError } from '../../../../src/renderer/src/bridge'
import type { ProcessSummary } from '../../../../src/shared/domain'
import type { Favourite } from '../../../../src/shared/settings'
import { renderWithSettings } from './processes-panel-harness'

const processes: ProcessSummary[] = [
  { connectionId: 'local', id: 'p1', name: 'Echo payload', createdAt: '2026-01-01T00:00:00Z' },
  { connectionId: 'local', id: 'p2', name: 'Invoice sync', createdAt: '2026-01-01T00:00:00Z' },
  { connectionId: 'local', id: 'p3', name: 'Payroll', createdAt: '2026-01-01T00:00:00Z' },
]

function renderPanel(initial: Favourite[], refuse = false) {
  const refusal = new BridgeError({ code: 'unknown_connection', message: 'No such workspace.' })
  return {
    saved: renderWithSettings(processes, { favourites: initial }, refuse ? refusal : undefined).favourites,
  }
}

const shownNames = () => [...document.querySelectorAll('.process-row__name')].map((name) => name.textContent)
const star = (name: string) => screen.getByRole('button', { name: `Favourite ${name}` })

describe('favourite processes', () => {
  it('lists the favourites first, their stars pressed', async () => {
    renderPanel([{ connectionId: 'local', processId: 'p3' }])
    await waitFor(() => expect(shownNames()).toEqual(['Payroll', 'Echo payload', 'Invoice sync']))
    expect(star('Payroll').getAttribute('aria-pressed')).toBe('true')
    expect(star('Echo payload').getAttribute('aria-pressed')).toBe('false')
  })

  it('stars and unstars, saving the list the tray reads, a saved payload kept', async () => {
    const { saved } = renderPanel([{ connectionId: 'local', processId: 'p3', payload: { month: 11 } }])
    await waitFor(() => expect((star('Invoice sync') as HTMLButtonElement).disabled).toBe(false))
    fireEvent.click(star('Invoice sync'))
    await waitFor(() => expect(shownNames()).toEqual(['Invoice sync', 'Payroll', 'Echo payload']))
    expect(saved[0]).toEqual([
      { connectionId: 'local', processId: 'p3', payload: { month: 11 } },
      { connectionId: 'local', processId: 'p2' },
    ])

    await waitFor(() => expect((star('Payroll') as HTMLButtonElement).disabled).toBe(false))
    fireEvent.click(star('Payroll'))
    await waitFor(() => expect(shownNames()).toEqual(['Invoice sync', 'Echo payload', 'Payroll']))
    expect(saved[1]).toEqual([{ connectionId: 'local', processId: 'p2' }])
  })

  it('shows a refused change and keeps the order', async () => {
    renderPanel([], true)
    await waitFor(() => expect((star('Payroll') as HTMLButtonElement).disabled).toBe(false))
    fireEvent.click(star('Payroll'))
    expect(await screen.findByText('Could not change the favourites.')).toBeTruthy()
    expect(screen.getByText(/No such workspace/)).toBeTruthy()
    expect(shownNames()).toEqual(['Echo payload', 'Invoice sync', 'Payroll'])
    expect(star('Payroll').getAttribute('aria-pressed')).toBe('false')
  })
})
