/** Renders hooks and components under the providers main.tsx puts at the root, over a fake bridge. */
import type { ReactNode } from 'react'
import { BridgeProvider } from '../../../src/renderer/src/bridge'
import type { FakeBridge } from '../../support/fake-bridge'

export function TestProviders({ bridge, children }: { bridge: FakeBridge; children: ReactNode }) {
  return <BridgeProvider bridge={bridge}>{children}</BridgeProvider>
}

/** A `wrapper` for Testing Library's render and renderHook. */
export const providersFor =
  (bridge: FakeBridge) =>
  ({ children }: { children: ReactNode }) => <TestProviders bridge={bridge}>{children}</TestProviders>
