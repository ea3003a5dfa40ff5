/** useBridgeQuery over the fake bridge: only the newest answer is shown, and errors keep old data. */
import { act, renderHook, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BridgeError } from '../../../../src/renderer/src/bridge'
import { useBridgeQuery } from '../../../../src/renderer/src/hooks/use-bridge-query'
import type { BridgeApi } from '../../../../src/shared/bridge'
import type { AppInfo } from '../../../../src/shared/domain'
import { createFakeBridge, deferred } from '../../../support/fake-bridge'
import { providersFor } from '../wrapper'

const info = (version: string): AppInfo => ({
  version,
  mode: 'web',
  secretStorage: 'file_key',
  secretStorageSecure: false,
  secretsInMemoryOnly: false,
  plainTextChoice: false,
  versions: {},
})
const loadInfo = (api: BridgeApi) => api.commands.app.info({})

describe('useBridgeQuery', () => {
  it('shows the newest answer even when an older one arrives after it', async () => {
    const answers = [deferred<AppInfo>(), deferred<AppInfo>(), deferred<AppInfo>()]
    let call = 0
    const bridge = createFakeBridge({ app: { info: () => (answers[call++] as (typeof answers)[0]).promise } })
    const { result } = renderHook(() => useBridgeQuery(['app.info'], loadInfo), {
      wrapper: providersFor(bridge),
    })
    expect(result.current.loading).toBe(true)
    await act(async () => answers[0]?.resolve(info('1.0.0')))
    await waitFor(() => expect(result.current.data?.version).toBe('1.0.0'))

    // Two reloads in a row: the second supersedes the first, which is still in flight.
    act(() => result.current.reload())
    await waitFor(() => expect(bridge.callCount('app.info')).toBe(2))
    expect(result.current.refreshing).toBe(true)
    act(() => result.current.reload())
    await waitFor(() => expect(bridge.callCount('app.info')).toBe(3))
    // The newest request answers first, then the superseded one arrives late.
    await act(async () => answers[2]?.resolve(info('3.0.0')))
    await waitFor(() => expect(result.current.data?.version).toBe('3.0.0'))
    await act(async () => answers[1]?.resolve(info('2.0.0')))
    // Give the stale answer every chance to land before checking it did not.
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)))
    expect(result.current.data?.version).toBe('3.0.0')
    expect(result.current.loading).toBe(false)
    expect(result.current.refreshing).toBe(false)
  })

  it('a reload during the first load asks afresh, and the first answer is dropped', async () => {
    const answers = [deferred<AppInfo>(), deferred<AppInfo>()]
    let call = 0
    const bridge = createFakeBridge({ app: { info: () => (answers[call++] as (typeof answers)[0]).promise } })
    const { result } = renderHook(() => useBridgeQuery(['app.info'], loadInfo), {
      wrapper: providersFor(bridge),
    })
    await waitFor(() => expect(bridge.callCount('app.info')).toBe(1))
    act(() => result.current.reload())
    await waitFor(() => expect(bridge.callCount('app.info')).toBe(2))
    await act(async () => answers[1]?.resolve(info('2.0.0')))
    await waitFor(() => expect(result.current.data?.version).toBe('2.0.0'))
    await act(async () => answers[0]?.resolve(info('1.0.0')))
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)))
    expect(result.current.data?.version).toBe('2.0.0')
    expect(result.current.loading).toBe(false)
  })

  it('shares one request between components asking for the same answer', async () => {
    const bridge = createFakeBridge({ app: { info: async () => info('1.0.0') } })
    const { result } = renderHook(
      () => [useBridgeQuery(['app.info'], loadInfo), useBridgeQuery(['app.info'], loadInfo)] as const,
      { wrapper: providersFor(bridge) },
    )
    await waitFor(() => expect(result.current[1].data?.version).toBe('1.0.0'))
    expect(result.current[0].data?.version).toBe('1.0.0')
    expect(bridge.callCount('app.info')).toBe(1)
  })

  it('keeps the last good data beside a failed reload, then clears the error on success', async () => {
    let fail = false
    const bridge = createFakeBridge({
      app: {
        info: async () => {
          if (fail) throw new BridgeError({ code: 'unreachable', message: 'Control Room did not answer.' })
          return info('1.0.0')
        },
      },
    })
    const { result } = renderHook(() => useBridgeQuery(['app.info'], loadInfo), {
      wrapper: providersFor(bridge),
    })
    await waitFor(() => expect(result.current.data?.version).toBe('1.0.0'))

    fail = true
    act(() => result.current.reload())
    await waitFor(() => expect(result.current.error).toBeInstanceOf(BridgeError))
    expect(result.current.data?.version).toBe('1.0.0')
    expect(result.current.loading).toBe(false)

    fail = false
    act(() => result.current.reload())
    await waitFor(() => expect(result.current.error).toBeUndefined())
    expect(result.current.data?.version).toBe('1.0.0')
  })

  it('rejects an answer outside the contract as the real transports do', async () => {
    const bridge = createFakeBridge({ app: { info: async () => ({ version: 1 }) as unknown as AppInfo } })
    const { result } = renderHook(() => useBridgeQuery(['app.info'], loadInfo), {
      wrapper: providersFor(bridge),
    })
    await waitFor(() => expect(result.current.error).toBeInstanceOf(BridgeError))
    expect((result.current.error as BridgeError).code).toBe('bridge.bad_response')
    expect(result.current.data).toBeUndefined()
  })
})
