/** The one error type the renderer's bridge throws, whichever transport is underneath. */
import type { BridgeErrorBody, BridgeErrorCode } from '../../../shared/bridge'

/** Codes the renderer's bridge itself produces (main's own codes pass through unchanged). */
export const rendererErrorCodes = {
  /** Web mode page opened without the `#token=` link. */
  tokenMissing: 'web.token_missing',
  /** Web mode refused the token (HTTP 401), e.g. web mode was restarted with a new one. */
  unauthorized: 'web.unauthorized',
  /** The web mode server did not answer at all. */
  unreachable: 'web.unreachable',
  /** The answer was not a bridge result of the expected shape. */
  badResponse: 'bridge.bad_response',
  /** The Electron preload threw instead of answering. */
  ipcFailed: 'bridge.ipc_failed',
} as const satisfies Record<string, BridgeErrorCode>

/** What the page shows when web mode cannot authenticate it. */
export const AUTH_REQUIRED_MESSAGE = 'This page needs the link web mode printed, with its token.'

/** A failed bridge command: `code` to branch on, `message` to show, `status` of the Control Room call. */
export class BridgeError extends Error {
  readonly code: string
  readonly status: number | undefined

  constructor(body: BridgeErrorBody) {
    super(body.message)
    this.name = 'BridgeError'
    this.code = body.code
    this.status = body.status
  }
}

export const isBridgeError = (error: unknown): error is BridgeError => error instanceof BridgeError

/** True when the page cannot talk to web mode until it is opened with the printed link. */
export const isAuthError = (error: unknown): boolean =>
  isBridgeError(error) &&
  (error.code === rendererErrorCodes.tokenMissing || error.code === rendererErrorCodes.unauthorized)

/** A readable one-line message for anything a bridge call may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message
  return typeof error === 'string' && error ? error : 'Something went wrong.'
}
