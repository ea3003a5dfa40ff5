/** Turns a `BridgeResult` envelope into the command's value or a thrown BridgeError. */
import { z } from 'zod'
import { BridgeErrorBody, type CommandName, commandSpec } from '../../../shared/bridge'
import { BridgeError, rendererErrorCodes } from './bridge-error'

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Unwraps one command's answer. The value is checked against the contract's response schema too:
 * over HTTP it crossed a process boundary, and a clear error here beats a crash deep in a component.
 */
export function unwrapResult(name: CommandName, result: unknown): unknown {
  if (isRecord(result) && result.ok === false) {
    const body = BridgeErrorBody.safeParse(result.error)
    if (body.success) throw new BridgeError(body.data)
  }
  if (isRecord(result) && result.ok === true && 'value' in result) {
    const spec = commandSpec(name)
    if (!spec) return result.value
    const parsed = spec.response.safeParse(result.value)
    if (parsed.success) return parsed.data
    throw new BridgeError({
      code: rendererErrorCodes.badResponse,
      message: `${name} answered with data Robodeck does not understand: ${z.prettifyError(parsed.error)}`,
    })
  }
  throw new BridgeError({
    code: rendererErrorCodes.badResponse,
    message: `${name} answered with something that is not a bridge result.`,
  })
}
