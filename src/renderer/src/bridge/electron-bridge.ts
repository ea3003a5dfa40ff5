/** The desktop transport: the preload's `window.robodeck`, over Electron IPC. */
import type {
  BridgeApi,
  BridgeResult,
  CommandName,
  CommandRequest,
  CommandResponse,
  EventName,
  EventPayload,
  MethodOf,
  Namespace,
} from '../../../shared/bridge'
import { BridgeError, rendererErrorCodes } from './bridge-error'
import { buildCommands } from './build-commands'
import { createStatusStore, type StatusStore } from './connection-status'
import { unwrapResult } from './envelope'
import { parseEventPayload } from './event-payload'

/** What the preload exposes: the same commands, but answering the raw `BridgeResult` envelope. */
export interface PreloadApi {
  commands: {
    [N in Namespace]: {
      [M in MethodOf<N>]: (request: CommandRequest<N, M>) => Promise<BridgeResult<CommandResponse<N, M>>>
    }
  }
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

type LooseCommands = Record<
  string,
  Record<string, ((request: unknown) => Promise<unknown>) | undefined> | undefined
>

export function createElectronBridge(preload: PreloadApi): { api: BridgeApi; status: StatusStore } {
  const loose = preload.commands as unknown as LooseCommands
  const call = async (name: CommandName, request: unknown) => {
    const [namespace = '', method = ''] = name.split('.')
    const fn = loose[namespace]?.[method]
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
      return preload.on(event, (payload: unknown) => {
        const parsed = parseEventPayload(event, payload)
        if (parsed !== undefined) listener(parsed)
      })
    },
  }
  // IPC does not drop events, so the stream is always live.
  return { api, status: createStatusStore('live') }
}
