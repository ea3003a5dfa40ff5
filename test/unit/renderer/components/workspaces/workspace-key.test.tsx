/**
 * Entering a workspace's API key again or replacing it, on its card over the fake bridge: the words
 * follow the key's state (Enter when needed or rejected, Replace otherwise), focus goes into the
 * field and back to the button, a rejected key is refused in words and emptied, a good one shows its
 * suffix, and the key never stays in the page. The local room's key has no form.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { keyMissing } from '../../../../../src/renderer/src/components/workspaces/workspace-key'
import type { ConnectionStatus, ConnectionSummary } from '../../../../../src/shared/domain'
import { connectionSummary } from '../../../../support/fixtures'
import { KEY, renderWorkspaces, requestsOf } from './fake-workspaces'

const card = (name: string) => screen.findByRole('article', { name })

describe('WorkspaceKey: entering the API key again', () => {
  it('offers Enter key… on a rejected key, none on the local room', async () => {
    renderWorkspaces()
    const eu = await card('Finance EU')
    await within(eu).findByRole('button', { name: 'Enter the API key of Finance EU' })
    const local = await card('Local Control Room')
    expect(within(local).queryByRole('button', { name: /API key of/ })).toBeNull()
  })

  it('moves focus into the field and back to the button on Escape, sending nothing', async () => {
    const { bridge } = renderWorkspaces()
    const eu = await card('Finance EU')
    const open = await within(eu).findByRole('button', { name: 'Enter the API key of Finance EU' })
    fireEvent.click(open)
    const form = within(eu).getByRole('form', { name: 'Enter the API key of Finance EU' })
    const field = within(form).getByLabelText('API key') as HTMLInputElement
    expect(field.type).toBe('password')
    await waitFor(() => expect(document.activeElement).toBe(field))

    fireEvent.keyDown(field, { key: 'Escape' })
    expect(within(eu).queryByRole('form')).toBeNull()
    await waitFor(() =>
      expect(document.activeElement).toBe(
        within(eu).getByRole('button', { name: 'Enter the API key of Finance EU' }),
      ),
    )
    expect(bridge.callCount('connections.setKey')).toBe(0)
  })

  it('refuses a wrong key in words and empties it; a good one shows its suffix', async () => {
    const { bridge } = renderWorkspaces()
    const eu = await card('Finance EU')
    fireEvent.click(await within(eu).findByRole('button', { name: 'Enter the API key of Finance EU' }))
    const form = within(eu).getByRole('form', { name: 'Enter the API key of Finance EU' })
    const field = within(form).getByLabelText('API key') as HTMLInputElement
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }))
    expect(within(form).getByText('Enter the API key.')).toBeTruthy()
    expect(bridge.callCount('connections.setKey')).toBe(0)

    fireEvent.change(field, { target: { value: 'wrong' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }))
    const alert = await within(form).findByRole('alert')
    expect(alert.textContent).toContain('Key not changed. Control Room did not accept the API key')
    expect(alert.textContent).toContain('key_rejected')
    expect(alert.textContent).toContain('Check the key, or create a new one in Control Room')
    expect(field.value).toBe('')
    expect(eu.textContent).toContain('ending in cd34')

    fireEvent.change(field, { target: { value: KEY } })
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }))
    await waitFor(() => expect(eu.textContent).toContain(`ending in ${KEY.slice(-4)}, kept in the vault`))
    // Synced again: the card now offers to replace the key, and focus is back on that button.
    const replace = await within(eu).findByRole('button', { name: 'Replace the API key of Finance EU' })
    await waitFor(() => expect(document.activeElement).toBe(replace))
    expect(requestsOf(bridge, 'connections.setKey')).toEqual([
      { connectionId: 'cr-eu', apiKey: 'wrong' },
      { connectionId: 'cr-eu', apiKey: KEY },
    ])
    expect(document.body.innerHTML).not.toContain(KEY)
  })
})

describe('keyMissing', () => {
  const ok: ConnectionStatus = { connectionId: 'c', health: 'ok', lastSyncedAt: null, message: null }
  const cloud = (keyState: ConnectionSummary['keyState'] = 'stored') =>
    connectionSummary({
      id: 'c',
      name: 'C',
      kind: 'cloud',
      apiUrl: 'https://c/api/v1',
      workspaceId: 'w',
      keyState,
    })
  it('is true when the key is needed or rejected, false when it works', () => {
    expect(keyMissing(cloud('needed'), ok)).toBe(true)
    expect(keyMissing(cloud(), { ...ok, health: 'key_needed' })).toBe(true)
    expect(keyMissing(cloud(), { ...ok, health: 'key_rejected' })).toBe(true)
    expect(keyMissing(cloud('memory'), ok)).toBe(false)
    expect(keyMissing(cloud(), undefined)).toBe(false)
  })
})
