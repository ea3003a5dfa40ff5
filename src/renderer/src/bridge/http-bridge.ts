/** The web mode transport: commands as POSTs, events as a server-sent event stream. */
import type { BridgeApi, CommandName } from '../../../shared/bridge'
import { webAuthHeader, webAuthScheme, webCommandPath, webEventsPath } from '../../../shared/web-protocol'
import { AUTH_REQUIRED_MESSAGE, BridgeError, rendererErrorCodes } from './bridge-error'
import { buildCommands } from './build-commands'
import { unwrapResult } from './envelope'
import { isEventName, parseEventPayload } from './event-payload'
import { createEventStream, type EventStreamOptions } from './event-stream'
import { createStatusStore, type StatusStore } from './event-stream-status'
import { createListenerRegistry } from './listeners'

export interface HttpBridgeOptions {
  fetch: typeof fetch
  token: () => string | undefined
  /** How long the stream stays open after the last listener leaves (React StrictMode re-subscribes). */
  closeGraceMs?: number
  sleep?: EventStreamOptions['sleep']
}

const authError = (code: string) => new BridgeError({ code, message: AUTH_REQUIRED_MESSAGE })

export function createHttpBridge(options: HttpBridgeOptions): { api: BridgeApi; status: StatusStore } {
  const call = async (name: CommandName, request: unknown) => {
    const token = options.token()
    if (!token) throw authError(rendererErrorCodes.tokenMissing)
    let response: Response
    try {
      response = await options.fetch(webCommandPath(name), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [webAuthHeader]: `${webAuthScheme} ${token}` },
        body: JSON.stringify(request),
      })
    } catch {
      throw new BridgeError({
        code: rendererErrorCodes.unreachable,
        message: 'Robodeck web mode is not answering. Is it still running?',
      })
    }
    if (response.status === 401) throw authError(rendererErrorCodes.unauthorized)
    let body: unknown
    try {
      body = await response.json()
    } catch {
      throw new BridgeError({
        code: rendererErrorCodes.badResponse,
        message: `${name}: web mode answered HTTP ${response.status} without a bridge result.`,
      })
    }
    return unwrapResult(name, body)
  }

  const status = createStatusStore('connecting')
  let closeTimer: ReturnType<typeof setTimeout> | undefined
  const registry = createListenerRegistry((count) => {
    clearTimeout(closeTimer)
    if (count > 0) stream.start()
    else closeTimer = setTimeout(() => stream.stop(), options.closeGraceMs ?? 1000)
  })
  const stream = createEventStream({
    url: webEventsPath,
    fetch: options.fetch,
    token: options.token,
    status,
    sleep: options.sleep,
    onMessage(message) {
      // Names this renderer does not know (a heartbeat event, a newer server) are skipped quietly.
      if (!isEventName(message.event)) return
      let data: unknown
      try {
        data = JSON.parse(message.data)
      } catch {
        console.warn(`Robodeck: ignored a ${message.event} event whose data is not JSON`)
        return
      }
      const payload = parseEventPayload(message.event, data)
      if (payload !== undefined) registry.emit(message.event, payload)
    },
  })

  return { api: { commands: buildCommands(call), on: registry.add }, status }
}
