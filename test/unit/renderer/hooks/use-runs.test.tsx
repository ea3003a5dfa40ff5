/** useRuns over the fake bridge: list answers and live events merge; the list reloads when events resume. */
import { act, renderHook, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useRuns } from '../../../../src/renderer/src/hooks/use-runs'
import type { RunListResult, RunSummary } from '../../../../src/shared/domain'
import { createFakeBridge, deferred } from '../../../support/fake-bridge'
import { runSummary } from '../../../support/fixtures'
import { providersFor } from '../wrapper'

const list = (runs: RunSummary[]): RunListResult => ({ runs, failures: [] })
const ids = (runs: readonly RunSummary[]) => runs.map((r) => `${r.connectionId}/${r.id}:${r.state}`)

describe('useRuns', () => {
  it('merges events that arrive before the list, keeping the newer state of each run', async () => {
    const answer = deferred<RunListResult>()
    const bridge = createFakeBridge({ runs: { list: () => answer.promise } })
    const { result } = renderHook(() => useRuns(), { wrapper: providersFor(bridge) })
    await waitFor(() => expect(bridge.listenerCount).toBe(2))

    // r1 finishes before the list (fetched earlier, still saying in_progress) arrives.
    act(() =>
      bridge.emit(
        'run.finished',
        runSummary({ id: 'r1', state: 'completed', createdAt: '2026-01-01T00:00:01Z' }),
      ),
    )
    expect(ids(result.current.runs)).toEqual(['local/r1:completed'])

    await act(async () =>
      answer.resolve(
        list([
          runSummary({ id: 'r1', state: 'in_progress', createdAt: '2026-01-01T00:00:01Z' }),
          runSummary({ id: 'r0', state: 'unresolved', createdAt: '2026-01-01T00:00:00Z' }),
          // Same run id in another workspace: a different run.
          runSummary({ connectionId: 'cloud', id: 'r1', state: 'new', createdAt: '2026-01-01T00:00:02Z' }),
        ]),
      ),
    )
    await waitFor(() => expect(result.current.loading).toBe(false))
    expect(ids(result.current.runs)).toEqual(['cloud/r1:new', 'local/r1:completed', 'local/r0:unresolved'])

    act(() =>
      bridge.emit(
        'run.updated',
        runSummary({
          connectionId: 'cloud',
          id: 'r1',
          state: 'in_progress',
          createdAt: '2026-01-01T00:00:02Z',
        }),
      ),
    )
    expect(ids(result.current.runs)[0]).toBe('cloud/r1:in_progress')
  })

  it('loads once the event stream is open, and again each time it comes back live', async () => {
    let answer = list([runSummary({ id: 'r1', state: 'in_progress' })])
    const bridge = createFakeBridge({ runs: { list: async () => answer } }, 'connecting')
    const { result } = renderHook(() => useRuns(), { wrapper: providersFor(bridge) })
    // The first load waits for the stream to open, and its opening is no reason to read twice.
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)))
    expect(bridge.callCount('runs.list')).toBe(0)
    expect(result.current.loading).toBe(true)
    act(() => bridge.setStatus('live'))
    await waitFor(() => expect(ids(result.current.runs)).toEqual(['local/r1:in_progress']))
    const before = bridge.callCount('runs.list')
    expect(before).toBe(1)

    // Events sent while the stream was down are lost: only a reload can show that r1 finished.
    act(() => bridge.setStatus('reconnecting'))
    answer = list([runSummary({ id: 'r1', state: 'completed' })])
    act(() => bridge.setStatus('live'))
    await waitFor(() => expect(ids(result.current.runs)).toEqual(['local/r1:completed']))
    expect(bridge.callCount('runs.list')).toBe(before + 1)

    // Not on other transitions.
    act(() => bridge.setStatus('reconnecting'))
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)))
    expect(bridge.callCount('runs.list')).toBe(before + 1)
  })

  it('loads without the stream when its first connection fails, and again once it is live', async () => {
    const bridge = createFakeBridge(
      { runs: { list: async () => list([runSummary({ id: 'r1' })]) } },
      'connecting',
    )
    const { result } = renderHook(() => useRuns(), { wrapper: providersFor(bridge) })
    act(() => bridge.setStatus('reconnecting'))
    await waitFor(() => expect(ids(result.current.runs)).toEqual(['local/r1:completed']))
    expect(bridge.callCount('runs.list')).toBe(1)
    act(() => bridge.setStatus('live'))
    await waitFor(() => expect(bridge.callCount('runs.list')).toBe(2))
  })

  it('unsubscribes from events when unmounted', async () => {
    const bridge = createFakeBridge({ runs: { list: async () => list([]) } })
    const { unmount } = renderHook(() => useRuns(), { wrapper: providersFor(bridge) })
    await waitFor(() => expect(bridge.listenerCount).toBe(2))
    unmount()
    expect(bridge.listenerCount).toBe(0)
  })
})

describe('useRuns paging', () => {
  it('reads older pages through the cursor after the first, until there are no more', async () => {
    const requests: unknown[] = []
    const run = (n: number) =>
      runSummary({ id: `r${n}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 100 - n)).toISOString() })
    const bridge = createFakeBridge({
      runs: {
        list: async (request) => {
          requests.push(request)
          if (!request.cursor) return { runs: [run(0), run(1)], failures: [], next: 'c1' }
          if (request.cursor === 'c1') return { runs: [run(2), run(3)], failures: [], next: 'c2' }
          return { runs: [run(4)], failures: [], next: null }
        },
      },
    })
    const { result } = renderHook(() => useRuns(), { wrapper: providersFor(bridge) })
    await waitFor(() => expect(result.current.runs.map((r) => r.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']))
    expect(requests).toEqual([{ limit: 100 }, { limit: 500, cursor: 'c1' }, { limit: 500, cursor: 'c2' }])
  })

  it('reloads on request, and has every watcher look now so the sync lines are current', async () => {
    let reads = 0
    const bridge = createFakeBridge({
      runs: {
        list: async () => {
          reads += 1
          return list([runSummary({ id: `r${reads}` })])
        },
      },
    })
    const { result } = renderHook(() => useRuns(), { wrapper: providersFor(bridge) })
    await waitFor(() => expect(result.current.loading).toBe(false))
    expect(bridge.calls.filter((call) => call.name === 'connections.refresh')).toEqual([])

    act(() => result.current.reload())
    await waitFor(() => expect(reads).toBe(2))
    expect(bridge.calls.filter((call) => call.name === 'connections.refresh')).toEqual([
      { name: 'connections.refresh', request: {} },
    ])
    await waitFor(() => expect(ids(result.current.runs)).toContain('local/r2:completed'))
  })
})
