/** The desktop transport: the preload's `window.robodeck`, over Electron IPC. */
import type { BridgeApi, CommandName, PreloadApi } from '../../../shared/bridge'
import { commandAt } from '../../../shared/bridge-names'
import { BridgeError, rendererErrorCodes } from './bridge-error'
import { buildCommands } from './build-commands'
import { unwrapResult } from './envelope'
import { parseEventPayload } from './event-payload'
import { createStatusStore, type StatusStore } from './event-stream-status'

export function createElectronBridge(preload: PreloadApi): { api: BridgeApi; status: StatusStore } {
  const call = async (name: CommandName, request: unknown) => {
    // Looked up at run time: a window can meet an older preload that lacks a newer command.
    const fn = commandAt(preload.commands, name)
    if (!fn) {
      throw new BridgeError({
        code: rendererErrorCodes.ipcFailed,
        message: `The desktop app does not offer ${name}; it may be older than this window.`,
      })
    }
    let result: unknown
    try {
      result = await fn(request)
    } catch (error) {
      // The preload answers failures as envelopes; a rejection means IPC itself broke.
      const detail = error instanceof Error ? error.message : String(error)
      throw new BridgeError({ code: rendererErrorCodes.ipcFailed, message: `${name} failed: ${detail}` })
    }
    return unwrapResult(name, result)
  }

  const api: BridgeApi = {
    commands: buildCommands(call),
    on(event, listener) {
      // Main validated the payload already; checking again keeps both transports equally strict.
      return preload.on(event, (payload) => {
        const parsed = parseEventPayload(event, payload)
        if (parsed !== undefined) listener(parsed)
      })
    },
  }
  // IPC does not drop events, so the stream is always live.
  return { api, status: createStatusStore('live') }
}
