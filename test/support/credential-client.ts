/**
 * A client for the local room's user-credential scopes (management API, token vendor): signs each
 * request with the robocloud-hmac scheme, as rcc does, and sends it with undici.
 */
import { request } from 'undici'
import { signedHeaders } from '../../src/platform/robocloud-hmac'

export interface SignedResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field in tests
  body: any
  /** The body as received (to check that no secret appears anywhere in it). */
  text: string
}

export interface SignOptions {
  /** Unix seconds to sign with (default: now). */
  timestamp?: number
  /** Send these bytes instead of JSON.stringify(body) (still signed unless `signBody` is given). */
  rawBody?: string
  /** Sign these bytes instead of what is sent (to forge a mismatched signature). */
  signBody?: string
  /** Sign this path instead of the one requested. */
  signPath?: string
  /** Extra or replacing headers (e.g. a tampered authorization). */
  headers?: Record<string, string>
}

/**
 * Sends `method path` to `origin` signed with `credential` (`<id>:<secret>`); `path` includes any
 * query string (signed as sent, once URL parsing has normalized it). A body is sent as JSON; without one nothing is sent and the
 * empty body is signed.
 */
export async function signedRequest(
  origin: string,
  credential: string,
  method: string,
  path: string,
  body?: unknown,
  options: SignOptions = {},
): Promise<SignedResponse> {
  const sent = options.rawBody ?? (body === undefined ? '' : JSON.stringify(body))
  // Sign the request target as it goes on the wire (URL parsing resolves `.` and `..` segments).
  const url = new URL(path, origin)
  const target = `${url.pathname}${url.search}`
  const headers = {
    ...signedHeaders(
      credential,
      method,
      options.signPath ?? target,
      options.signBody ?? sent,
      options.timestamp,
    ),
    ...options.headers,
  }
  const response = await request(url, {
    method: method as 'GET',
    headers,
    body: sent === '' ? undefined : sent,
  })
  const text = await response.body.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // Left as text: the test will say what it expected.
  }
  return { status: response.statusCode, headers: response.headers, body: parsed, text }
}
