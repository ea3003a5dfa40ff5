/**
 * The window's views: the top bar switches to the Workspaces page, the local Control Room's admin
 * or Settings and back, the runs view keeps its open run meanwhile, and a run a notification asks
 * for brings the runs view back.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { App } from '../../../../src/renderer/src/app'
import { createFakeBridge } from '../../../support/fake-bridge'
import { connectionSummary, runSummary, stubCommandHandlers } from '../../../support/fixtures'
import { providersFor } from '../wrapper'

function renderApp() {
  const handlers = stubCommandHandlers()
  handlers.connections.list = async () => [
    connectionSummary({
      id: 'local',
      name: 'Local Control Room',
      kind: 'local',
      apiUrl: 'http://127.0.0.1:4123/api/v1',
      workspaceId: 'ws',
    }),
  ]
  handlers.runs.get = async ({ runId }) => ({ run: runSummary({ id: runId }), stepRuns: [], webUrl: null })
  handlers.room.processes = async ({ connectionId }) => [
    {
      id: `p-of-${connectionId}`,
      name: 'Echo payload',
      updatedAt: 't0',
      steps: [
        {
          id: 's1',
          name: 'Echo payload',
          robotName: 'echo-payload',
          task: 'Echo payload',
          waitForPrevious: true,
          parallelExecutions: 2,
          env: {},
        },
      ],
    },
  ]
  const bridge = createFakeBridge(handlers)
  render(<App />, { wrapper: providersFor(bridge) })
  return bridge
}

const views = () => screen.getByRole('navigation', { name: 'Views' })
const roomRegion = () => screen.queryByRole('region', { name: 'Local Control Room' })

describe('App: views', () => {
  it('switches to the local room’s admin from the top bar, for the local connection, and back', async () => {
    const bridge = renderApp()
    expect(roomRegion()).toBeNull()
    fireEvent.click(within(views()).getByRole('button', { name: 'Local Control Room' }))
    const form = await screen.findByRole('form', { name: 'Step 1: Echo payload' })
    expect((within(form).getByRole('spinbutton') as HTMLInputElement).value).toBe('2')
    expect(bridge.calls.find((c) => c.name === 'room.processes')?.request).toEqual({ connectionId: 'local' })
    expect(
      within(views()).getByRole('button', { name: 'Local Control Room' }).getAttribute('aria-pressed'),
    ).toBe('true')
    fireEvent.click(within(views()).getByRole('button', { name: 'Runs' }))
    await waitFor(() => expect(roomRegion()).toBeNull())
    expect(screen.getByRole('region', { name: 'Runs' })).toBeTruthy()
  })

  it('links the local room’s admin to the room’s interactive API documentation', async () => {
    renderApp()
    fireEvent.click(within(views()).getByRole('button', { name: 'Local Control Room' }))
    const link = await screen.findByRole('link', { name: 'API documentation' })
    expect(link.getAttribute('href')).toBe('http://127.0.0.1:4123/docs')
    expect(link.getAttribute('target')).toBe('_blank')
    expect(link.getAttribute('rel')).toBe('noreferrer')
  })

  it('switches to the Workspaces page, which lists the connections', async () => {
    renderApp()
    fireEvent.click(within(views()).getByRole('button', { name: 'Workspaces' }))
    const page = await screen.findByRole('region', { name: 'Workspaces' })
    expect(await within(page).findByRole('article', { name: 'Local Control Room' })).toBeTruthy()
    expect(within(page).getByRole('form', { name: 'Add a Control Room workspace' })).toBeTruthy()
    expect(screen.getByRole('region', { name: 'Runs', hidden: true })).toBeTruthy()
    fireEvent.click(within(views()).getByRole('button', { name: 'Runs' }))
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Workspaces' })).toBeNull())
  })

  it('drops a removed workspace’s runs from the feed', async () => {
    const handlers = stubCommandHandlers()
    let connections = [
      connectionSummary({
        id: 'local',
        name: 'Local',
        kind: 'local',
        apiUrl: 'http://127.0.0.1:1/api/v1',
        workspaceId: 'w1',
      }),
      connectionSummary({
        id: 'cr-eu',
        name: 'EU',
        kind: 'cloud',
        apiUrl: 'https://eu.example/api/v1',
        workspaceId: 'w2',
      }),
    ]
    handlers.connections.list = async () => connections
    handlers.connections.remove = async ({ connectionId }) => {
      connections = connections.filter((c) => c.id !== connectionId)
      return {}
    }
    // The core lists what it still watches; the feed already holds the removed workspace's run.
    handlers.runs.list = async () => ({
      runs: connections.map((c) => runSummary({ connectionId: c.id, id: `run-of-${c.id}` })),
      failures: [],
    })
    render(<App />, { wrapper: providersFor(createFakeBridge(handlers)) })
    // happy-dom has no layout, so the virtualized table draws no rows: its run count tells.
    const feedSize = () => document.querySelector('[data-run-count]')?.getAttribute('data-run-count')
    await waitFor(() => expect(feedSize()).toBe('2'))
    fireEvent.click(within(views()).getByRole('button', { name: 'Workspaces' }))
    const eu = await screen.findByRole('article', { name: 'EU' })
    fireEvent.click(within(eu).getByRole('button', { name: 'Remove EU…' }))
    fireEvent.click(within(eu).getByRole('button', { name: 'Remove workspace' }))
    await waitFor(() => expect(screen.queryByRole('article', { name: 'EU' })).toBeNull())
    fireEvent.click(within(views()).getByRole('button', { name: 'Runs' }))
    await waitFor(() => expect(feedSize()).toBe('1'))
  })

  it('comes back to the runs view when a notification opens a run', async () => {
    const bridge = renderApp()
    fireEvent.click(within(views()).getByRole('button', { name: 'Local Control Room' }))
    await screen.findByRole('form', { name: 'Step 1: Echo payload' })
    act(() => bridge.emit('run.open', { connectionId: 'local', runId: 'r9' }))
    await waitFor(() => expect(roomRegion()).toBeNull())
    await waitFor(() =>
      expect(document.querySelector('[data-detail-run-id]')?.getAttribute('data-detail-run-id')).toBe('r9'),
    )
  })

  it('switches to Settings from the top bar, and back to the runs', async () => {
    const bridge = renderApp()
    fireEvent.click(within(views()).getByRole('button', { name: 'Settings' }))
    const settings = await screen.findByRole('region', { name: 'Settings' })
    expect(await within(settings).findByRole('region', { name: 'Notifications' })).toBeTruthy()
    expect(bridge.callCount('settings.get')).toBe(1)
    fireEvent.click(within(views()).getByRole('button', { name: 'Runs' }))
    expect(screen.queryByRole('region', { name: 'Settings' })).toBeNull()
  })
})
