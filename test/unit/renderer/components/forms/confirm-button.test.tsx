/**
 * The confirmation every destructive action goes through (delete a key, revoke a credential, remove
 * a workspace): only its own button acts, once at a time; a refusal is shown in its words; a known
 * refusal disables the button with the reason.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BridgeError } from '../../../../../src/renderer/src/bridge'
import { ConfirmButton } from '../../../../../src/renderer/src/components/forms/confirm-button'

function renderButton(onConfirm: () => Promise<unknown>, refusedBecause?: string) {
  render(
    <ConfirmButton
      label="Delete…"
      name="Delete Reporting…"
      refusedBecause={refusedBecause}
      question="Delete the API key “Reporting”?"
      confirm="Delete key"
      pending="Deleting…"
      failed="Not deleted."
      onConfirm={onConfirm}
    >
      <p>Anything using this key is refused.</p>
    </ConfirmButton>,
  )
}

describe('ConfirmButton', () => {
  it('asks first, acts once while pending, and closes nothing on Cancel but the box', async () => {
    let calls = 0
    let finish: () => void = () => {}
    renderButton(() => {
      calls += 1
      return new Promise<void>((resolve) => {
        finish = resolve
      })
    })
    const open = screen.getByRole('button', { name: 'Delete Reporting…' })
    expect(open.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(open)
    expect(screen.getByRole('group', { name: 'Delete the API key “Reporting”?' })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Delete key' }))
    const busy = await screen.findByRole('button', { name: 'Deleting…' })
    expect((busy as HTMLButtonElement).disabled).toBe(true)
    fireEvent.click(busy)
    expect(calls).toBe(1)
    finish()
    await screen.findByRole('button', { name: 'Delete key' })
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('group')).toBeNull()
    expect(calls).toBe(1)
  })

  it('shows the refusal in its words, under its title', async () => {
    renderButton(() =>
      Promise.reject(new BridgeError({ code: 'own_api_key', message: 'The room keeps this key.' })),
    )
    fireEvent.click(screen.getByRole('button', { name: 'Delete Reporting…' }))
    fireEvent.click(screen.getByRole('button', { name: 'Delete key' }))
    await waitFor(() => expect(screen.getByText('Not deleted.')).toBeTruthy())
    expect(screen.getByText(/The room keeps this key\./)).toBeTruthy()
  })

  it('is disabled with the reason when the action is known to be refused', () => {
    let calls = 0
    renderButton(async () => {
      calls += 1
    }, 'Robodeck itself uses this key.')
    const open = screen.getByRole('button', { name: 'Delete Reporting…' }) as HTMLButtonElement
    expect(open.disabled).toBe(true)
    const reason = document.getElementById(open.getAttribute('aria-describedby') ?? '')
    expect(reason?.textContent).toBe('Robodeck itself uses this key.')
    fireEvent.click(open)
    expect(screen.queryByRole('group')).toBeNull()
    expect(calls).toBe(0)
  })
})
