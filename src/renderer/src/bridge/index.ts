/**
 * The renderer's only way to the main process. It picks the Electron bridge when the preload put
 * one on `window.robodeck`, and the web mode HTTP bridge otherwise; nothing else in the renderer
 * knows or cares which. Commands return their unwrapped value or throw a BridgeError.
 */
import type { BridgeApi, PreloadApi } from '../../../shared/bridge'
import { createElectronBridge } from './electron-bridge'
import type { StatusStore } from './event-stream-status'
import { createHttpBridge } from './http-bridge'
import { takeWebToken } from './web-token'

declare global {
  interface Window {
    /** Set by the preload through contextBridge; absent in web mode. */
    robodeck?: PreloadApi
  }
}

function selectBridge(): { api: BridgeApi; status: StatusStore } {
  if (window.robodeck) return createElectronBridge(window.robodeck)
  let storage: Storage | undefined
  try {
    storage = window.sessionStorage
  } catch {
    storage = undefined // some privacy settings make even reading the property throw
  }
  // Taken once, at startup, so the token leaves the address bar before anything renders.
  const token = takeWebToken({ location: window.location, history: window.history, storage })
  return createHttpBridge({ fetch: (input, init) => window.fetch(input, init), token: () => token })
}

const selected = selectBridge()

/** The typed bridge: `bridge.commands.<namespace>.<method>(request)` and `bridge.on(event, listener)`. */
export const bridge: BridgeApi = selected.api

/** Whether events are flowing (always `live` on the desktop; web mode's stream can drop and return). */
export const eventStreamStatus: StatusStore = selected.status

export {
  AUTH_REQUIRED_MESSAGE,
  BridgeError,
  errorMessage,
  isAuthError,
  isBridgeError,
  rendererErrorCodes,
} from './bridge-error'
export type { EventStreamStatus, StatusStore } from './event-stream-status'
