/**
 * The Local Control Room view's API keys and user credentials sections over the fake bridge: the
 * lists, Add with grouped permissions and the value shown once, View/Hide, Edit, Delete and Revoke
 * after a confirmation, Robodeck's own key and credential not deletable, the room's refusals in
 * its words, and every secret gone from the page once hidden or the section left.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BridgeError } from '../../../../../src/renderer/src/bridge'
import { RoomAdminView } from '../../../../../src/renderer/src/components/room-admin/room-admin-view'
import { PERMISSIONS } from '../../../../../src/shared/permissions'
import type { RoomApiKey, RoomCredential } from '../../../../../src/shared/room-keys'
import { createFakeBridge } from '../../../../support/fake-bridge'
import { providersFor } from '../../wrapper'

const SECRET = 'rc-secret-value-0123456789abcdef'
const CREDENTIAL_SECRET = `7:${'ab'.repeat(48)}`

const key = (id: string, name: string, overrides: Partial<RoomApiKey> = {}): RoomApiKey => ({
  id,
  name,
  permissions: ['Processes.read_processes', 'Processes.read_runs', 'Webhooks.read_webhooks'],
  maskedValue: '…abcd',
  bootstrap: false,
  createdAt: '2026-11-30T10:00:00.000Z',
  lastUsedAt: null,
  requestCount: 0,
  usedByRobodeck: false,
  ...overrides,
})
const credential = (id: string, label: string, usedByRobodeck = false): RoomCredential => ({
  id,
  label,
  bootstrap: usedByRobodeck,
  createdAt: '2026-11-30T10:00:00.000Z',
  lastUsedAt: null,
  usedByRobodeck,
})

function renderRoom() {
  let keys = [key('k1', 'Robodeck app', { usedByRobodeck: true }), key('k2', 'Reporting')]
  let credentials = [credential('1', 'Robodeck owner', true), credential('2', 'Laptop rcc')]
  const bridge = createFakeBridge({
    room: {
      processes: async () => [],
      permissions: async () => [...PERMISSIONS],
      apiKeys: async () => keys,
      createApiKey: async ({ name, permissions }) => {
        const created = key('k3', name, { permissions: permissions as RoomApiKey['permissions'] })
        keys = [created, ...keys]
        return { key: created, value: SECRET }
      },
      revealApiKey: async () => ({ value: SECRET }),
      updateApiKey: async ({ keyId, name, permissions }) => {
        keys = keys.map((k) =>
          k.id === keyId
            ? {
                ...k,
                name: name ?? k.name,
                permissions: (permissions ?? k.permissions) as RoomApiKey['permissions'],
              }
            : k,
        )
        return keys.find((k) => k.id === keyId) as RoomApiKey
      },
      deleteApiKey: async ({ keyId }) => {
        if (keyId === 'k3')
          throw new BridgeError({
            code: 'not_found',
            message: 'The local Control Room has no such API key any more; reload the list.',
            status: 404,
          })
        keys = keys.filter((k) => k.id !== keyId)
        return { id: keyId }
      },
      credentials: async () => credentials,
      createCredential: async ({ label }) => {
        const created = credential('7', label)
        credentials = [created, ...credentials]
        return { credential: created, secret: CREDENTIAL_SECRET }
      },
      revokeCredential: async ({ credentialId }) => {
        credentials = credentials.filter((c) => c.id !== credentialId)
        return { id: credentialId }
      },
    },
  })
  render(<RoomAdminView connectionId="local" />, { wrapper: providersFor(bridge) })
  return { bridge }
}

const openSection = (name: string) => fireEvent.click(screen.getByRole('tab', { name }))
const sent = (bridge: ReturnType<typeof createFakeBridge>, name: string) =>
  bridge.calls.filter((c) => c.name === name).map((c) => c.request)

describe('API keys section', () => {
  it('lists the keys with their permissions by group; Robodeck’s own key cannot be deleted', async () => {
    renderRoom()
    expect(screen.getByRole('tab', { name: 'Processes' }).getAttribute('aria-selected')).toBe('true')
    openSection('API keys')
    const reporting = await screen.findByRole('listitem', { name: 'Reporting' })
    const groups = within(
      within(reporting).getByRole('list', { name: 'Permissions of Reporting' }),
    ).getAllByRole('listitem')
    expect(groups.map((g) => g.textContent)).toEqual([
      'Processes read_processes, read_runs',
      'Webhooks read_webhooks',
    ])
    expect(within(reporting).getByText('never')).toBeTruthy()
    const own = screen.getByRole('listitem', { name: 'Robodeck app' })
    const del = within(own).getByRole('button', { name: 'Delete Robodeck app…' }) as HTMLButtonElement
    expect(del.disabled).toBe(true)
    expect(del.getAttribute('aria-describedby')).toBeTruthy()
    expect(within(own).getByText(/Robodeck itself uses this key/)).toBeTruthy()
  })

  it('adds a key: checks first, then the value shown once with Copy, gone after Done', async () => {
    const { bridge } = renderRoom()
    openSection('API keys')
    await screen.findByRole('listitem', { name: 'Reporting' })
    fireEvent.click(screen.getByRole('button', { name: 'Add API key' }))
    const form = screen.getByRole('form', { name: 'New API key' })
    fireEvent.click(within(form).getByRole('button', { name: 'Create key' }))
    expect(within(form).getByText('Give the key a name.')).toBeTruthy()
    expect(within(form).getByText('Choose at least one permission.')).toBeTruthy()
    expect(sent(bridge, 'room.createApiKey')).toEqual([])

    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: ' Nightly ' } })
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Processes (all)' }))
    fireEvent.click(
      within(form).getByRole('checkbox', { name: 'read_work_items (Processes.read_work_items)' }),
    )
    fireEvent.click(within(form).getByRole('checkbox', { name: 'read_webhooks (Webhooks.read_webhooks)' }))
    const webhooksAll = within(form).getByRole('checkbox', { name: 'Webhooks (all)' }) as HTMLInputElement
    expect(webhooksAll.indeterminate).toBe(true)
    fireEvent.click(within(form).getByRole('button', { name: 'Create key' }))

    const once = await screen.findByRole('region', { name: 'API key “Nightly” created.' })
    expect(once.textContent).toContain(SECRET)
    expect(once.textContent).toContain('shown once')
    expect(within(once).getByRole('button', { name: 'Copy' })).toBeTruthy()
    expect(sent(bridge, 'room.createApiKey')).toEqual([
      {
        connectionId: 'local',
        name: 'Nightly',
        permissions: PERMISSIONS.filter(
          (p) => p.startsWith('Processes.') && p !== 'Processes.read_work_items',
        ).concat('Webhooks.read_webhooks'),
      },
    ])
    fireEvent.click(within(once).getByRole('button', { name: 'Done' }))
    expect(document.body.textContent).not.toContain(SECRET)
  })

  it('views a value on request and hides it; leaving the section drops it', async () => {
    const { bridge } = renderRoom()
    openSection('API keys')
    const reporting = await screen.findByRole('listitem', { name: 'Reporting' })
    fireEvent.click(within(reporting).getByRole('button', { name: 'View value of Reporting' }))
    await within(reporting).findByText(SECRET)
    expect(sent(bridge, 'room.revealApiKey')).toEqual([{ connectionId: 'local', keyId: 'k2' }])
    fireEvent.click(within(reporting).getByRole('button', { name: 'Hide value of Reporting' }))
    expect(document.body.textContent).not.toContain(SECRET)

    fireEvent.click(within(reporting).getByRole('button', { name: 'View value of Reporting' }))
    await screen.findByText(SECRET)
    openSection('User credentials')
    openSection('API keys')
    await screen.findByRole('listitem', { name: 'Reporting' })
    expect(document.body.textContent).not.toContain(SECRET)
  })

  it('edits a key’s name and permissions', async () => {
    const { bridge } = renderRoom()
    openSection('API keys')
    const reporting = await screen.findByRole('listitem', { name: 'Reporting' })
    fireEvent.click(within(reporting).getByRole('button', { name: 'Edit Reporting' }))
    const form = within(reporting).getByRole('form', { name: 'Edit Reporting' })
    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'Reports' } })
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Webhooks (all)' }))
    fireEvent.click(within(form).getByRole('checkbox', { name: 'read_runs (Processes.read_runs)' }))
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }))
    await screen.findByRole('listitem', { name: 'Reports' })
    expect(sent(bridge, 'room.updateApiKey')).toEqual([
      {
        connectionId: 'local',
        keyId: 'k2',
        name: 'Reports',
        permissions: ['Processes.read_processes', 'Webhooks.read_webhooks', 'Webhooks.write_webhooks'],
      },
    ])
  })

  it('deletes after a confirmation; the room’s refusal is shown in its words', async () => {
    const { bridge } = renderRoom()
    openSection('API keys')
    const reporting = await screen.findByRole('listitem', { name: 'Reporting' })
    fireEvent.click(within(reporting).getByRole('button', { name: 'Delete Reporting…' }))
    expect(within(reporting).getByRole('group', { name: 'Delete the API key “Reporting”?' })).toBeTruthy()
    fireEvent.click(within(reporting).getByRole('button', { name: 'Delete key' }))
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Reporting' })).toBeNull())
    expect(sent(bridge, 'room.deleteApiKey')).toEqual([{ connectionId: 'local', keyId: 'k2' }])

    // A key gone from the room meanwhile (the fake refuses k3).
    fireEvent.click(screen.getByRole('button', { name: 'Add API key' }))
    const form = screen.getByRole('form', { name: 'New API key' })
    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'Gone' } })
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Tasks (all)' }))
    fireEvent.click(within(form).getByRole('button', { name: 'Create key' }))
    const gone = await screen.findByRole('listitem', { name: 'Gone' })
    fireEvent.click(within(gone).getByRole('button', { name: 'Delete Gone…' }))
    fireEvent.click(within(gone).getByRole('button', { name: 'Delete key' }))
    const alert = await within(gone).findByRole('alert')
    expect(alert.textContent).toContain('Not deleted.')
    expect(alert.textContent).toContain('no such API key any more')
  })
})

describe('User credentials section', () => {
  it('creates a credential (secret once), revokes one after a confirmation; Robodeck’s own is kept', async () => {
    const { bridge } = renderRoom()
    openSection('User credentials')
    const own = await screen.findByRole('listitem', { name: 'Robodeck owner' })
    expect(
      (within(own).getByRole('button', { name: 'Revoke Robodeck owner…' }) as HTMLButtonElement).disabled,
    ).toBe(true)

    const form = screen.getByRole('form', { name: 'New access credential' })
    fireEvent.click(within(form).getByRole('button', { name: 'Create credential' }))
    expect(within(form).getByText('Give the credential a name.')).toBeTruthy()
    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'CI runner' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Create credential' }))
    const once = await screen.findByRole('region', { name: 'Access credential “CI runner” created.' })
    expect(once.textContent).toContain(CREDENTIAL_SECRET)
    expect(sent(bridge, 'room.createCredential')).toEqual([{ connectionId: 'local', label: 'CI runner' }])
    expect(await screen.findByRole('listitem', { name: 'CI runner' })).toBeTruthy()
    fireEvent.click(within(once).getByRole('button', { name: 'Done' }))
    expect(document.body.textContent).not.toContain(CREDENTIAL_SECRET)

    const laptop = screen.getByRole('listitem', { name: 'Laptop rcc' })
    fireEvent.click(within(laptop).getByRole('button', { name: 'Revoke Laptop rcc…' }))
    fireEvent.click(within(laptop).getByRole('button', { name: 'Revoke credential' }))
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Laptop rcc' })).toBeNull())
    expect(sent(bridge, 'room.revokeCredential')).toEqual([{ connectionId: 'local', credentialId: '2' }])
  })
})
