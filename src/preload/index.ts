/**
 * The preload: exposes the bridge to the sandboxed renderer as `window.robodeck`, one method per
 * command and a subscription for the contract's events only. It forwards; main validates. It imports
 * only the bridge's names (no zod), so the sandboxed bundle stays small.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron'
import type { PreloadApi } from '../shared/bridge'
import { ipcChannel, isEventName, mapCommands } from '../shared/bridge-names'

const api = {
  commands: mapCommands((name) => (request: unknown) => ipcRenderer.invoke(ipcChannel(name), request)),
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`Unknown Robodeck event "${event}"`)
    // The renderer never sees the IpcRendererEvent (it would expose ipcRenderer.sender).
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(ipcChannel(event), forward)
    return () => {
      ipcRenderer.removeListener(ipcChannel(event), forward)
    }
  },
} satisfies PreloadApi

contextBridge.exposeInMainWorld('robodeck', api)
