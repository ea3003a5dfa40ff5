/**
 * The renderer's only way to the main process. It picks the Electron bridge when the preload put
 * one on `window.robodeck`, and the web mode HTTP bridge otherwise; nothing else in the renderer
 * knows or cares which. Commands return their unwrapped value or throw a BridgeError.
 */
import type { PreloadApi } from '../../../shared/bridge'
import type { RendererBridge } from './bridge-context'
import { createElectronBridge } from './electron-bridge'
import { createHttpBridge } from './http-bridge'
import { takeWebToken } from './web-token'

declare global {
  interface Window {
    /** Set by the preload through contextBridge; absent in web mode. */
    robodeck?: PreloadApi
  }
}

/**
 * Picks the transport; main.tsx calls it once, before the first render, and provides the result
 * through BridgeProvider. Web mode's token is taken here, so it leaves the address bar at startup.
 */
export function selectBridge(): RendererBridge {
  if (window.robodeck) return createElectronBridge(window.robodeck)
  let storage: Storage | undefined
  try {
    storage = window.sessionStorage
  } catch {
    storage = undefined // some privacy settings make even reading the property throw
  }
  const token = takeWebToken({ location: window.location, history: window.history, storage })
  return createHttpBridge({ fetch: (input, init) => window.fetch(input, init), token: () => token })
}

export { BridgeProvider, type RendererBridge, useBridge } from './bridge-context'
export {
  AUTH_REQUIRED_MESSAGE,
  BridgeError,
  errorMessage,
  isAuthError,
  isBridgeError,
  rendererErrorCodes,
} from './bridge-error'
export type { EventStreamStatus, StatusStore } from './event-stream-status'
