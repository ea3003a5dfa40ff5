/** Renders hooks and components under the providers main.tsx puts at the root, over a fake bridge. */
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { BridgeProvider } from '../../../src/renderer/src/bridge'
import { createBridgeQueryClient } from '../../../src/renderer/src/hooks/use-bridge-query'
import type { FakeBridge } from '../../support/fake-bridge'

export function TestProviders({
  bridge,
  queryClient,
  children,
}: {
  bridge: FakeBridge
  queryClient: QueryClient
  children: ReactNode
}) {
  return (
    <BridgeProvider bridge={bridge}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </BridgeProvider>
  )
}

/** A `wrapper` for Testing Library's render and renderHook, with a cache of its own. */
export function providersFor(bridge: FakeBridge) {
  const queryClient = createBridgeQueryClient()
  return ({ children }: { children: ReactNode }) => (
    <TestProviders bridge={bridge} queryClient={queryClient}>
      {children}
    </TestProviders>
  )
}
