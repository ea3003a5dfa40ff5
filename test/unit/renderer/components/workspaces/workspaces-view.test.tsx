/**
 * The Workspaces page's list over the fake bridge: what each workspace shows (place, masked key,
 * state, production mark, permissions), and each action sending its command: rename in place,
 * production on and off, link a credential (the secret never kept), remove after a confirmation,
 * the local room's removal disabled with its reason.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { CREDENTIAL, renderWorkspaces, requestsOf } from './fake-workspaces'

const card = (name: string) => screen.findByRole('article', { name })

describe('WorkspacesView: the list', () => {
  it('shows each workspace’s place, masked key, state, production mark and permissions', async () => {
    renderWorkspaces()
    const local = await card('Local Control Room')
    expect(local.textContent).toContain('http://127.0.0.1:4123/api/v1')
    expect(local.textContent).toContain('ws-local')
    expect(local.textContent).toContain('ending in ab12, kept in the vault')
    await waitFor(() => expect(local.querySelector('[data-health]')?.textContent).toMatch(/^synced \d s ago/))
    expect(within(local).queryByText('Production')).toBeNull()

    const eu = await card('Finance EU')
    expect(eu.querySelector('[data-health]')?.getAttribute('data-health')).toBe('key_rejected')
    expect(eu.querySelector('[data-health]')?.textContent).toContain(
      'key rejected — Control Room did not accept the API key (HTTP 401). Replace the key.',
    )
    expect(within(eu).getByText('Production')).toBeTruthy()
    const permissions = within(eu).getByRole('list', { name: 'Permissions of Finance EU' })
    expect(
      within(permissions)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['✓ Processes.read_runs granted', '✗ Processes.trigger_processes lacking'])
  })

  it('keeps the local room: its Remove is disabled and says why', async () => {
    const { bridge } = renderWorkspaces()
    const local = await card('Local Control Room')
    const remove = within(local).getByRole('button', { name: 'Remove Local Control Room…' })
    expect((remove as HTMLButtonElement).disabled).toBe(true)
    const reason = document.getElementById(remove.getAttribute('aria-describedby') ?? '')
    expect(reason?.textContent).toBe('The local Control Room is part of Robodeck and cannot be removed.')
    expect(bridge.callCount('connections.remove')).toBe(0)
  })
})

describe('WorkspacesView: actions', () => {
  it('renames in place: Save sends the trimmed name, an empty one is named and not sent, Esc cancels', async () => {
    const { bridge } = renderWorkspaces()
    const eu = await card('Finance EU')
    fireEvent.click(within(eu).getByRole('button', { name: 'Rename Finance EU' }))
    const input = within(eu).getByRole('textbox', { name: 'New name' })
    fireEvent.change(input, { target: { value: '   ' } })
    fireEvent.click(within(eu).getByRole('button', { name: 'Save name' }))
    expect(within(eu).getByRole('alert').textContent).toBe('Enter a name.')
    expect(document.activeElement).toBe(input)
    fireEvent.keyDown(input, { key: 'Escape' })
    expect(within(eu).queryByRole('textbox', { name: 'New name' })).toBeNull()
    expect(document.activeElement).toBe(within(eu).getByRole('button', { name: 'Rename Finance EU' }))

    fireEvent.click(within(eu).getByRole('button', { name: 'Rename Finance EU' }))
    fireEvent.change(within(eu).getByRole('textbox', { name: 'New name' }), {
      target: { value: '  Finance (EU)  ' },
    })
    fireEvent.click(within(eu).getByRole('button', { name: 'Save name' }))
    expect(await card('Finance (EU)')).toBeTruthy()
    expect(requestsOf(bridge, 'connections.rename')).toEqual([
      { connectionId: 'cr-eu', name: 'Finance (EU)' },
    ])
  })

  it('marks and unmarks a workspace as production', async () => {
    const { bridge } = renderWorkspaces()
    const local = await card('Local Control Room')
    const box = within(local).getByRole('checkbox', { name: 'Production workspace' }) as HTMLInputElement
    expect(box.checked).toBe(false)
    fireEvent.click(box)
    await waitFor(() => expect(within(local).getByText('Production')).toBeTruthy())
    expect(box.checked).toBe(true)
    fireEvent.click(box)
    await waitFor(() => expect(within(local).queryByText('Production')).toBeNull())
    expect(requestsOf(bridge, 'connections.setProduction')).toEqual([
      { connectionId: 'local', production: true },
      { connectionId: 'local', production: false },
    ])
  })

  it('shows a refused production change and puts the box back', async () => {
    renderWorkspaces()
    const eu = await card('Finance EU')
    const box = within(eu).getByRole('checkbox', { name: 'Production workspace' }) as HTMLInputElement
    fireEvent.click(box)
    const alert = await within(eu).findByRole('alert')
    expect(alert.textContent).toContain('The production mark was not changed. No workspace connection cr-eu.')
    expect(box.checked).toBe(true)
    expect(within(eu).getByText('Production')).toBeTruthy()
  })

  it('links a credential: a refused one is shown with what to do and emptied; a good one names its user', async () => {
    const { bridge } = renderWorkspaces()
    const eu = await card('Finance EU')
    expect(eu.textContent).toContain('None linked.')
    fireEvent.click(within(eu).getByRole('button', { name: 'Link the access credential of Finance EU' }))
    const form = within(eu).getByRole('form', { name: 'Link an access credential to Finance EU' })
    const field = within(form).getByLabelText('Access credential') as HTMLInputElement
    expect(field.type).toBe('password')
    fireEvent.click(within(form).getByRole('button', { name: 'Link credential' }))
    expect(within(form).getByText('Enter the access credential.')).toBeTruthy()
    expect(bridge.callCount('connections.linkCredential')).toBe(0)

    fireEvent.change(field, { target: { value: 'wrong' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Link credential' }))
    const alert = await within(form).findByRole('alert')
    expect(alert.textContent).toContain('Not linked. That is not a user access credential')
    expect(alert.textContent).toContain('invalid_credential')
    expect(alert.textContent).toContain('Create a new access credential in Control Room')
    expect(field.value).toBe('')

    fireEvent.change(field, { target: { value: CREDENTIAL } })
    fireEvent.click(within(form).getByRole('button', { name: 'Link credential' }))
    await waitFor(() => expect(eu.textContent).toContain('Linked: ada@example.com'))
    expect(requestsOf(bridge, 'connections.linkCredential')).toEqual([
      { connectionId: 'cr-eu', credential: 'wrong' },
      { connectionId: 'cr-eu', credential: CREDENTIAL },
    ])
    expect(document.body.innerHTML).not.toContain(CREDENTIAL.split(':')[1])
  })

  it('removes a workspace only after the confirmation; Cancel sends nothing', async () => {
    const { bridge } = renderWorkspaces()
    const eu = await card('Finance EU')
    fireEvent.click(within(eu).getByRole('button', { name: 'Remove Finance EU…' }))
    fireEvent.click(within(eu).getByRole('button', { name: 'Cancel' }))
    expect(within(eu).queryByRole('button', { name: 'Remove workspace' })).toBeNull()
    expect(bridge.callCount('connections.remove')).toBe(0)

    fireEvent.click(within(eu).getByRole('button', { name: 'Remove Finance EU…' }))
    expect(within(eu).getByRole('group', { name: 'Remove the workspace “Finance EU”?' })).toBeTruthy()
    fireEvent.click(within(eu).getByRole('button', { name: 'Remove workspace' }))
    await waitFor(() => expect(screen.queryByRole('article', { name: 'Finance EU' })).toBeNull())
    expect(requestsOf(bridge, 'connections.remove')).toEqual([{ connectionId: 'cr-eu' }])
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual([
      'Local Control Room',
    ])
  })
})
