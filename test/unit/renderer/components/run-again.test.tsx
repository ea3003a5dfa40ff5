/**
 * Run again, in the window over the fake bridge: the run's input payload goes to its process's row,
 * which launches it through its own path (so a production workspace asks first); an input that
 * cannot be read disables the button with the reason.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { App } from '../../../../src/renderer/src/app'
import type { RunWorkItems } from '../../../../src/shared/run-detail'
import { createFakeBridge } from '../../../support/fake-bridge'
import { connectionSummary, runSummary, stubCommandHandlers } from '../../../support/fixtures'
import { providersFor } from '../wrapper'
import { openPayload, payloadText } from './payload-input'

const run = runSummary({ id: 'r1', connectionId: 'acme', processId: 'p3', processName: 'Payroll' })
const inputItem = (payload: RunWorkItems['items'][number]['payload']) => ({
  id: 'wi1',
  state: 'done',
  createdAt: '2026-01-01T00:00:00Z',
  stepRunId: 's1',
  exception: null,
  payload,
  files: [],
})

interface Options {
  denied?: string[]
  items?: RunWorkItems['items']
  listed?: boolean
}

function renderApp(options: Options = {}) {
  const launched: unknown[] = []
  const handlers = stubCommandHandlers({
    list: async () => ({
      processes:
        options.listed === false
          ? []
          : [{ connectionId: 'acme', id: 'p3', name: 'Payroll', createdAt: '2026-01-01T00:00:00Z' }],
      failures: [],
    }),
    launch: async (request) => {
      launched.push(request)
      return { runId: 'r2' }
    },
  })
  handlers.connections.list = async () => [
    connectionSummary({
      id: 'acme',
      name: 'ACME',
      kind: 'cloud',
      apiUrl: 'https://cloud.example/api/v1',
      workspaceId: 'w1',
      production: true,
      permissions: { granted: [], denied: options.denied ?? [] },
    }),
  ]
  handlers.runs.list = async () => ({ runs: [run], failures: [], next: null })
  handlers.runs.get = async () => ({ run, stepRuns: [], webUrl: null })
  handlers.runs.workItems = async () => ({ items: options.items ?? [inputItem({ month: 11 })], outputs: [] })
  const bridge = createFakeBridge(handlers)
  render(<App />, { wrapper: providersFor(bridge) })
  return { bridge, launched }
}

async function openRun() {
  fireEvent.click(await screen.findByRole('button', { name: /^Open run of Payroll/ }))
  return screen.findByRole('region', { name: 'Payroll' })
}

beforeAll(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
})
afterAll(() => {
  vi.restoreAllMocks()
})

describe('Run again', () => {
  it('fills the row with the input and launches it after the production question', async () => {
    const { launched } = renderApp()
    const detail = await openRun()
    const again = await within(detail).findByRole('button', { name: 'Run again' })
    await waitFor(() => expect((again as HTMLButtonElement).disabled).toBe(false))
    fireEvent.click(again)

    const question = await screen.findByRole('group', {
      name: 'Launch Payroll in Production workspace ACME?',
    })
    // The detail gives the Processes pane its place back, so the row and its question are in view.
    expect(document.querySelector('[data-detail-run-id]')).toBeNull()
    expect(payloadText(await openPayload('Payroll'))).toBe('{\n  "month": 11\n}')
    expect(launched).toEqual([])
    fireEvent.click(within(question).getByRole('button', { name: 'Launch' }))
    await waitFor(() =>
      expect(launched).toEqual([{ connectionId: 'acme', processId: 'p3', payload: { month: 11 } }]),
    )
  })

  it('launches with no payload when the input had none', async () => {
    const { launched } = renderApp({ items: [inputItem(null)] })
    const detail = await openRun()
    const again = await within(detail).findByRole('button', { name: 'Run again' })
    await waitFor(() => expect((again as HTMLButtonElement).disabled).toBe(false))
    fireEvent.click(again)
    const question = await screen.findByRole('group', { name: /Production workspace ACME/ })
    fireEvent.click(within(question).getByRole('button', { name: 'Launch' }))
    await waitFor(() => expect(launched).toEqual([{ connectionId: 'acme', processId: 'p3' }]))
  })

  it.each<[Options, RegExp]>([
    [{ denied: ['Processes.read_work_items'] }, /The input cannot be read: .*read_work_items/],
    [{ items: [] }, /no input work item/],
    [{ listed: false }, /Payroll is not in the processes list/],
  ])('is disabled with the reason (%o)', async (options, reason) => {
    const { bridge } = renderApp(options)
    const detail = await openRun()
    const again = await within(detail).findByRole('button', { name: 'Run again' }, { timeout: 3000 })
    await waitFor(() => expect(again.getAttribute('aria-describedby')).toBeTruthy())
    expect((again as HTMLButtonElement).disabled).toBe(true)
    const describedBy = again.getAttribute('aria-describedby') as string
    expect(document.getElementById(describedBy)?.textContent).toMatch(reason)
    if (options.denied || options.listed === false) expect(bridge.callCount('runs.workItems')).toBe(0)
  })
})
