/**
 * The preload: exposes the bridge to the sandboxed renderer as `window.robodeck`, one method per
 * command and a subscription for the contract's events only. It forwards; main validates.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron'
import { type BridgeResult, commandList, type EventName, eventNames, ipcChannel } from '../shared/bridge'

type Forward = (request: unknown) => Promise<BridgeResult<unknown>>

const commands: Record<string, Record<string, Forward>> = {}
for (const { namespace, method, name } of commandList) {
  commands[namespace] ??= {}
  ;(commands[namespace] as Record<string, Forward>)[method] = (request) =>
    ipcRenderer.invoke(ipcChannel(name), request)
}

const knownEvents = new Set<string>(eventNames)

contextBridge.exposeInMainWorld('robodeck', {
  commands,
  on(event: EventName, listener: (payload: unknown) => void) {
    if (!knownEvents.has(event)) throw new Error(`Unknown Robodeck event "${event}"`)
    // The renderer never sees the IpcRendererEvent (it would expose ipcRenderer.sender).
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(ipcChannel(event), forward)
    return () => {
      ipcRenderer.removeListener(ipcChannel(event), forward)
    }
  },
})
