/**
 * The bridge reaches components through React context rather than a module-level singleton, so a
 * test (or a story) can render any hook or component over a fake bridge without a browser, IPC or
 * web mode. main.tsx selects the real transport once and provides it at the root.
 */
import { createContext, type ReactNode, useContext } from 'react'
import type { BridgeApi } from '../../../shared/bridge'
import type { StatusStore } from './event-stream-status'

/** What a transport gives the tree: the typed commands and events, and whether events flow. */
export interface RendererBridge {
  api: BridgeApi
  status: StatusStore
}

const BridgeContext = createContext<RendererBridge | null>(null)

export function BridgeProvider({ bridge, children }: { bridge: RendererBridge; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>
}

/** The bridge of the nearest BridgeProvider; throws when there is none, which is a wiring bug. */
export function useBridge(): RendererBridge {
  const bridge = useContext(BridgeContext)
  if (!bridge) throw new Error('useBridge() needs a <BridgeProvider> above it')
  return bridge
}
