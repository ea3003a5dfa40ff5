/**
 * One entry for every command, whichever transport carried it (Electron IPC or web mode's HTTP):
 * find the command, validate the request with the contract's schema, run the handler, check the
 * response, and answer with a BridgeResult. Nothing thrown escapes as anything but an error body.
 */
import { type BridgeResult, bridgeError, type CommandHandlers, commandSpec } from '../../shared/bridge'
import { toBridgeError } from './errors'

export type Dispatch = (name: string, request: unknown) => Promise<BridgeResult<unknown>>

type AnyHandler = (request: unknown) => Promise<unknown>

/** Creates the dispatcher; `logError` receives unexpected failures (never the request body). */
export function createDispatcher(
  handlers: CommandHandlers,
  logError: (message: string, error: unknown) => void,
): Dispatch {
  return async (name, request) => {
    const spec = commandSpec(name)
    if (!spec) return { ok: false, error: bridgeError('unknown_command', `There is no command "${name}".`) }
    const parsed = spec.request.safeParse(request ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const field = issue?.path.length ? issue.path.join('.') : 'request'
      return {
        ok: false,
        error: bridgeError(
          'invalid_request',
          `Invalid ${name} request: ${field}: ${issue?.message ?? 'invalid'}`,
        ),
      }
    }
    const [namespace, method] = name.split('.') as [keyof CommandHandlers, string]
    const handler = (handlers[namespace] as unknown as Record<string, AnyHandler>)[method] as AnyHandler
    try {
      const value = await handler(parsed.data)
      const checked = spec.response.safeParse(value)
      if (!checked.success) {
        logError(`${name} produced a response outside the contract`, checked.error)
        return { ok: false, error: toBridgeError(checked.error) }
      }
      return { ok: true, value: checked.data }
    } catch (error) {
      const body = toBridgeError(error)
      if (body.code === 'internal') logError(`${name} failed`, error)
      return { ok: false, error: body }
    }
  }
}
