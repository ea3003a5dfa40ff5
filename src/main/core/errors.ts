/**
 * Errors the core raises on purpose. Each carries a code the UI can branch on and a message a person
 * can act on; whatever crosses the bridge goes through toBridgeError so nothing else leaks out.
 */
import {
  type BridgeErrorBody,
  type BridgeErrorCode,
  bridgeError,
  type ControlRoomErrorCode,
} from '../../shared/bridge'

/** A failure the core raises on purpose, with a catalogued code or Control Room's own. */
export class CoreError extends Error {
  constructor(
    readonly code: BridgeErrorCode | ControlRoomErrorCode,
    message: string,
    /** HTTP status of the failed Control Room call, when there was one. */
    readonly status?: number,
    readonly details: {
      /** How long Control Room asked us to wait (Retry-After on a 429 or 503). */
      retryAfterMs?: number
      /** The permission a 403 said the key lacks. */
      permission?: string
    } = {},
  ) {
    super(message)
    this.name = 'CoreError'
  }
}

/** Turns anything thrown into the bridge's error body; unexpected errors keep a generic message. */
export function toBridgeError(error: unknown): BridgeErrorBody {
  if (error instanceof CoreError) return bridgeError(error.code, error.message, error.status)
  // An unexpected error's message may carry internals (paths, a request with headers): it is logged
  // in main by the caller, and the renderer gets a message it can show.
  return bridgeError('internal', 'Something went wrong in Robodeck; the details are in its log.')
}
