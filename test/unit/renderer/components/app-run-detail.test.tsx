/** The window opens a run's detail from a row click and from the desktop's run.open, and closes it. */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { App } from '../../../../src/renderer/src/app'
import { createFakeBridge } from '../../../support/fake-bridge'
import { localConnection, runSummary, stubCommandHandlers } from '../../../support/fixtures'
import { providersFor } from '../wrapper'

const runs = [
  runSummary({ id: 'r2', processName: 'Sales report', createdAt: '2026-01-01T00:00:02Z' }),
  runSummary({ id: 'r1', processName: 'Echo payload', createdAt: '2026-01-01T00:00:01Z' }),
]

function renderApp() {
  const handlers = stubCommandHandlers()
  // The runs' workspace: the feed shows only the runs of workspaces the app is connected to.
  handlers.connections.list = async () => [localConnection()]
  handlers.runs.list = async () => ({ runs, failures: [], next: null })
  handlers.runs.get = async ({ runId }) => ({
    run: runs.find((r) => r.id === runId) ?? runSummary({ id: runId, processName: 'Unknown' }),
    stepRuns: [],
    webUrl: null,
  })
  const bridge = createFakeBridge(handlers)
  render(<App />, { wrapper: providersFor(bridge) })
  return bridge
}

const detail = () => document.querySelector('[data-detail-run-id]')

// happy-dom has no layout; the feed's scroll box gets a height so its rows render.
beforeAll(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
})
afterAll(() => {
  vi.restoreAllMocks()
})

describe('App: run detail', () => {
  it('opens the clicked run beside the feed, marks its row, and closes on ×', async () => {
    renderApp()
    fireEvent.click(await screen.findByRole('button', { name: /^Open run of Sales report/ }))
    await waitFor(() => expect(detail()?.getAttribute('data-detail-run-id')).toBe('r2'))
    expect(await screen.findByRole('heading', { name: 'Sales report' })).toBeTruthy()
    expect(
      screen.getByRole('button', { name: /^Open run of Sales report/ }).getAttribute('aria-current'),
    ).toBe('true')
    fireEvent.click(screen.getByRole('button', { name: 'Close run detail' }))
    await waitFor(() => expect(detail()).toBeNull())
  })

  it('opens the run a notification or the tray asks for', async () => {
    const bridge = renderApp()
    await screen.findByRole('button', { name: /^Open run of Echo payload/ })
    act(() => bridge.emit('run.open', { connectionId: 'local', runId: 'r1' }))
    await waitFor(() => expect(detail()?.getAttribute('data-detail-run-id')).toBe('r1'))
    expect(await screen.findByRole('heading', { name: 'Echo payload' })).toBeTruthy()
  })
})
