/**
 * The run detail over the fake bridge: the timeline, the console tail (only new lines asked for),
 * search and copy, Stop with its two options, previews by kind, and actions the key cannot do
 * disabled with the permission named, without a request.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import RunDetail from '../../../../../src/renderer/src/components/run-detail/run-detail'
import type { ConnectionSummary } from '../../../../../src/shared/domain'
import type { ArtifactContent, RunDetail as Detail } from '../../../../../src/shared/run-detail'
import { createFakeBridge, type FakeHandlers } from '../../../../support/fake-bridge'
import { connectionSummary, runSummary } from '../../../../support/fixtures'
import { providersFor } from '../../wrapper'

const connection = (denied: string[] = []): ConnectionSummary =>
  connectionSummary({
    id: 'local',
    name: 'Local room',
    kind: 'local',
    apiUrl: 'http://127.0.0.1:1/api/v1',
    workspaceId: 'w1',
    permissions: { granted: [], denied },
  })

const step = {
  id: 's1',
  stepId: 'st1',
  stepName: 'Sales report',
  stateUpdatedAt: '2026-01-01T00:00:01Z',
  startedAt: '2026-01-01T00:00:01Z',
  endedAt: null,
  duration: null,
  errorCode: null,
}

function detail(state: 'in_progress' | 'completed'): Detail {
  return {
    run: runSummary({
      id: 'r1',
      processName: 'Sales report',
      state,
      startedAt: '2026-01-01T00:00:01Z',
      duration: null,
    }),
    stepRuns: [{ ...step, state: state === 'completed' ? 'completed' : 'in_progress' }],
    webUrl: null,
  }
}

const file = (overrides: Partial<ArtifactContent>): ArtifactContent => ({
  name: 'x.txt',
  size: 10,
  kind: 'text',
  mediaType: 'text/plain',
  encoding: 'utf8',
  content: '',
  truncated: false,
  ...overrides,
})

function renderDetail(handlers: FakeHandlers['runs'], denied: string[] = []) {
  const bridge = createFakeBridge({ runs: handlers })
  const onClose = vi.fn()
  render(
    <RunDetail
      run={{ connectionId: 'local', runId: 'r1' }}
      connection={connection(denied)}
      workspaceName="Local room"
      onClose={onClose}
    />,
    { wrapper: providersFor(bridge) },
  )
  return { bridge, onClose }
}

const line = (n: number) => ({ timestamp: `2026-01-01T00:00:0${n}Z`, message: `Progress ${n}` })

describe('RunDetail', () => {
  it('shows the state timeline with the step runs, and closes on Escape', async () => {
    const { onClose } = renderDetail({ get: async () => detail('completed') })
    const timeline = await screen.findByRole('list', { name: 'State timeline' })
    const entries = within(timeline)
      .getAllByRole('listitem')
      .map((li) => li.textContent)
    expect(entries[0]).toMatch(/^Created/)
    expect(entries[2]).toMatch(/^Sales reportcompleted/)
    expect(entries[3]).toMatch(/^Endedcompleted/)
    fireEvent.keyDown(screen.getByRole('heading', { name: 'Sales report' }), { key: 'Escape' })
    expect(onClose).toHaveBeenCalled()
  })

  it('tails the console of a running step with only new lines, searches and copies it', async () => {
    const resumes: (string | undefined)[] = []
    let reads = 0
    const { bridge } = renderDetail({
      get: async () => detail('in_progress'),
      console: async ({ resume }) => {
        resumes.push(resume)
        reads++
        return reads === 1
          ? { lines: [line(1), line(2)], resume: 'after-2', more: false }
          : { lines: reads === 2 ? [line(3)] : [], resume: 'after-3', more: false }
      },
    })
    fireEvent.click(await screen.findByRole('tab', { name: 'Console' }))
    const log = await screen.findByRole('log', { name: 'Console output' })
    await waitFor(() => expect(log.textContent).toContain('Progress 3'), { timeout: 4000 })
    expect(log.textContent?.match(/Progress/g)).toHaveLength(3)
    await waitFor(() => expect(resumes.slice(0, 3)).toEqual([undefined, 'after-2', 'after-3']), {
      timeout: 4000,
    })

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search the console' }), {
      target: { value: 'progress 2' },
    })
    await waitFor(() => expect(log.querySelectorAll('.run-console__line')).toHaveLength(1))
    expect(screen.getByText('1 line of 3 match.')).toBeTruthy()

    const writeText = vi.fn(async () => {})
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('Progress 1\nProgress 2\nProgress 3'))
    expect(await screen.findByText('Copied 3 lines.')).toBeTruthy()
    expect(bridge.callCount('runs.console')).toBeGreaterThanOrEqual(3)
  })

  it('stops a running run with the options chosen', async () => {
    const stops: unknown[] = []
    renderDetail({
      get: async () => detail('in_progress'),
      stop: async (request) => {
        stops.push(request)
        return { accepted: true }
      },
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Stop…' }))
    const form = screen.getByRole('form', { name: 'Stop the run' })
    fireEvent.click(within(form).getByRole('checkbox', { name: /remaining work items as done/ }))
    fireEvent.click(within(form).getByRole('checkbox', { name: /Terminate the step/ }))
    fireEvent.click(within(form).getByRole('button', { name: 'Stop run' }))
    await waitFor(() =>
      expect(stops).toEqual([
        {
          connectionId: 'local',
          runId: 'r1',
          setRemainingWorkItemsAsDone: true,
          terminateOngoingActivityRuns: false,
        },
      ]),
    )
  })

  it('disables what the key cannot do, naming the permission, and sends nothing for it', async () => {
    const { bridge } = renderDetail({ get: async () => detail('in_progress') }, [
      'Processes.trigger_processes',
      'Processes.read_run_outputs',
    ])
    const stop = await screen.findByRole('button', { name: 'Stop…' })
    expect((stop as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getByText('This key lacks Processes.trigger_processes.')).toBeTruthy()
    fireEvent.click(screen.getByRole('tab', { name: 'Artifacts' }))
    expect(await screen.findByText('This key lacks Processes.read_run_outputs.')).toBeTruthy()
    fireEvent.click(screen.getByRole('tab', { name: 'Console' }))
    expect(await screen.findByText(/The console is not available/)).toBeTruthy()
    expect(bridge.callCount('runs.artifacts')).toBe(0)
    expect(bridge.callCount('runs.console')).toBe(0)
  })

  it('previews CSV as a table, images inline, and HTML only in a sandboxed frame with its own policy', async () => {
    const contents: Record<string, ArtifactContent> = {
      a1: file({
        name: 'sales.csv',
        kind: 'csv',
        mediaType: 'text/csv',
        content: 'month,amount\r\nJan,"1,200"\r\nFeb,980\r\n',
      }),
      a2: file({
        name: 'chart.png',
        kind: 'image',
        mediaType: 'image/png',
        encoding: 'base64',
        content: 'iVBORw0KGgo=',
      }),
      a3: file({
        name: 'log.html',
        kind: 'html',
        mediaType: 'text/html',
        content: '<script>alert(1)</script><h1>Log</h1>',
      }),
    }
    renderDetail({
      get: async () => detail('completed'),
      artifacts: async () => [
        { id: 'a1', stepRunId: 's1', name: 'sales.csv', size: 40 },
        { id: 'a2', stepRunId: 's1', name: 'chart.png', size: 8 },
        { id: 'a3', stepRunId: 's1', name: 'log.html', size: 30 },
      ],
      artifact: async ({ artifactId, purpose }) => {
        expect(purpose).toBe('preview')
        return contents[artifactId] as ArtifactContent
      },
    })
    fireEvent.click(await screen.findByRole('tab', { name: 'Artifacts' }))
    const table = await screen.findByRole('table', { name: 'sales.csv' })
    expect([...table.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['month', 'amount'])
    expect([...table.querySelectorAll('tbody tr')].map((tr) => tr.textContent)).toEqual([
      'Jan1,200',
      'Feb980',
    ])

    fireEvent.click(screen.getByRole('button', { name: /^Preview chart\.png/ }))
    const image = (await screen.findByRole('img', { name: 'chart.png' })) as HTMLImageElement
    expect(image.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=')

    fireEvent.click(screen.getByRole('button', { name: /^Preview log\.html/ }))
    const frame = (await screen.findByTitle('log.html (sandboxed)')) as HTMLIFrameElement
    expect(frame.getAttribute('sandbox')).toBe('')
    expect(frame.getAttribute('srcdoc')).toMatch(
      /^<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/,
    )
  })
})
