/**
 * Adding a workspace over the fake bridge: empty fields and a non-URL named beside their fields with
 * nothing sent; the core's refusal shown in its words with what to do, the URL and id kept, the key
 * emptied only when Control Room refused the key itself; on success the permissions found shown,
 * the form emptied and the workspace listed.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { KEY, renderWorkspaces, requestsOf } from './fake-workspaces'

const form = () => screen.getByRole('form', { name: 'Add a Control Room workspace' })
const field = (label: string) => within(form()).getByLabelText(label) as HTMLInputElement
const problemOf = (input: HTMLElement) =>
  document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent
const submit = () => fireEvent.click(within(form()).getByRole('button', { name: 'Add workspace' }))

function fill(apiUrl: string, workspaceId: string, apiKey: string) {
  fireEvent.change(field('API URL'), { target: { value: apiUrl } })
  fireEvent.change(field('Workspace id'), { target: { value: workspaceId } })
  fireEvent.change(field('API key'), { target: { value: apiKey } })
}

describe('AddWorkspaceForm', () => {
  it('shows the cloud’s URL as the placeholder and the key as a password field', async () => {
    renderWorkspaces()
    await screen.findByRole('article', { name: 'Finance EU' })
    expect(field('API URL').placeholder).toBe('https://cloud.robocorp.com/api/v1')
    expect(field('API key').type).toBe('password')
    expect(field('API key').autocomplete).toBe('off')
  })

  it('names empty fields and a URL that is no URL beside them, and sends nothing', async () => {
    const { bridge } = renderWorkspaces()
    await screen.findByRole('article', { name: 'Finance EU' })
    submit()
    await waitFor(() => expect(field('API URL').getAttribute('aria-invalid')).toBe('true'))
    expect(problemOf(field('API URL'))).toBe('Enter the API URL.')
    expect(problemOf(field('Workspace id'))).toBe('Enter the workspace id.')
    expect(problemOf(field('API key'))).toBe('Enter the API key.')

    fill('cloud.robocorp.com/api/v1', 'ws-1', KEY)
    submit()
    await waitFor(() =>
      expect(problemOf(field('API URL'))).toBe(
        'Not a URL: it starts with https://, e.g. https://cloud.robocorp.com/api/v1.',
      ),
    )
    expect(field('Workspace id').getAttribute('aria-invalid')).toBe('false')
    expect(bridge.callCount('connections.add')).toBe(0)
  })

  it('shows a rejected key in words with what to do, keeps the URL and id, and empties the key', async () => {
    const { bridge } = renderWorkspaces()
    await screen.findByRole('article', { name: 'Finance EU' })
    fill('https://cr.example.com/api/v1', 'ws-9', 'wrong')
    submit()
    const alert = await within(form()).findByRole('alert')
    expect(alert.textContent).toContain('Not added. Control Room did not accept the API key (HTTP 401).')
    expect(alert.textContent).toContain('key_rejected · HTTP 401')
    expect(alert.textContent).toContain('Check the key, or create a new one in Control Room')
    expect(field('API URL').value).toBe('https://cr.example.com/api/v1')
    expect(field('Workspace id').value).toBe('ws-9')
    expect(field('API key').value).toBe('')
    expect(requestsOf(bridge, 'connections.add')).toHaveLength(1)
  })

  it('keeps the key when the refusal is about something else (https required, offline)', async () => {
    renderWorkspaces()
    await screen.findByRole('article', { name: 'Finance EU' })
    fill('http://example.com/api/v1', 'ws-9', KEY)
    submit()
    const alert = await within(form()).findByRole('alert')
    expect(alert.textContent).toContain('Control Room must be reached over https:')
    expect(alert.textContent).toContain('Use the https:// API URL')
    expect(field('API key').value).toBe(KEY)

    fireEvent.change(field('API URL'), { target: { value: 'https://offline.example.com/api/v1' } })
    submit()
    await waitFor(() =>
      expect(within(form()).getByRole('alert').textContent).toContain('Cannot reach Control Room'),
    )
    expect(within(form()).getByRole('alert').textContent).toContain('Check the URL and your network.')
    expect(field('API key').value).toBe(KEY)
  })

  it('adds: sends the trimmed fields, shows the permissions found, empties the form, lists the workspace', async () => {
    const { bridge } = renderWorkspaces()
    await screen.findByRole('article', { name: 'Finance EU' })
    fill('  https://cr.example.com/api/v1 ', ' ws-9 ', KEY)
    fireEvent.change(field('Name (optional)'), { target: { value: 'Remote' } })
    fireEvent.click(within(form()).getByRole('checkbox', { name: 'Production workspace' }))
    submit()
    const status = await within(form()).findByRole('status')
    expect(status.textContent).toContain('Added “Remote”.')
    expect(
      within(status)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['✓ Processes.read_processes granted', '✗ Processes.read_runs lacking'])
    expect(requestsOf(bridge, 'connections.add')).toEqual([
      {
        apiUrl: 'https://cr.example.com/api/v1',
        workspaceId: 'ws-9',
        apiKey: KEY,
        name: 'Remote',
        production: true,
      },
    ])
    expect([field('API URL').value, field('Workspace id').value, field('API key').value]).toEqual([
      '',
      '',
      '',
    ])
    const added = await screen.findByRole('article', { name: 'Remote' })
    expect(added.textContent).toContain(`ending in ${KEY.slice(-4)}`)
    expect(document.body.innerHTML).not.toContain(KEY)
  })
})
