/**
 * A bridge for renderer tests: the contract's full API (BridgeApi) over in-memory handlers, with
 * the event-stream status and events under the test's control. Requests and answers go through the
 * contract's schemas exactly as the real transports do, so a test cannot hand a component a shape
 * main could never send, and a component cannot send a request main would refuse.
 */

import type { RendererBridge } from '../../src/renderer/src/bridge/bridge-context'
import { BridgeError } from '../../src/renderer/src/bridge/bridge-error'
import { buildCommands } from '../../src/renderer/src/bridge/build-commands'
import { unwrapResult } from '../../src/renderer/src/bridge/envelope'
import { createStatusStore, type EventStreamStatus } from '../../src/renderer/src/bridge/event-stream-status'
import { createListenerRegistry } from '../../src/renderer/src/bridge/listeners'
import {
  type CommandHandlers,
  type CommandName,
  commandSpec,
  type EventName,
  type EventPayload,
  type Namespace,
} from '../../src/shared/bridge'

/** The handlers a test provides, shaped like main's; a command without one fails as main would. */
export type FakeHandlers = { [N in Namespace]?: Partial<CommandHandlers[N]> }

export interface FakeBridge extends RendererBridge {
  /** Every command sent, in order, with the request as the component sent it. */
  readonly calls: { name: CommandName; request: unknown }[]
  /** How many times one command was sent. */
  callCount(name: CommandName): number
  /** Pushes an event to every listener, as main does. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
  /** Moves the event stream to a status (web mode's stream connecting, live, dropping). */
  setStatus(status: EventStreamStatus): void
  /** How many event listeners are subscribed now (to check that components unsubscribe). */
  readonly listenerCount: number
}

export function createFakeBridge(
  handlers: FakeHandlers = {},
  initialStatus: EventStreamStatus = 'live',
): FakeBridge {
  const calls: { name: CommandName; request: unknown }[] = []
  const listeners = createListenerRegistry()
  const status = createStatusStore(initialStatus)

  const call = async (name: CommandName, request: unknown): Promise<unknown> => {
    calls.push({ name, request })
    const spec = commandSpec(name)
    const [namespace, method] = name.split('.') as [Namespace, string]
    const handler = (handlers[namespace] as Record<string, ((r: unknown) => Promise<unknown>) | undefined>)?.[
      method
    ]
    if (!spec || !handler) {
      throw new BridgeError({ code: 'unknown_command', message: `The fake bridge has no ${name}.` })
    }
    const parsed = spec.request.safeParse(request)
    if (!parsed.success) {
      throw new BridgeError({ code: 'invalid_request', message: `${name}: ${parsed.error.message}` })
    }
    // The answer goes through the same check the real transports apply to main's envelope.
    return unwrapResult(name, { ok: true, value: await handler(parsed.data) })
  }

  return {
    api: {
      commands: buildCommands(call),
      on: (event, listener) => listeners.add(event, listener),
    },
    status,
    calls,
    callCount: (name) => calls.filter((c) => c.name === name).length,
    emit: (event, payload) => listeners.emit(event, payload),
    setStatus: (next) => status.set(next),
    get listenerCount() {
      return listeners.size
    },
  }
}

/** A promise the test resolves or rejects when it chooses: for answers that arrive out of order. */
export function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
