/**
 * The `robocloud-hmac` request signature that rcc and other desktop tools use with a user access
 * credential (notes §9.2, rcc operations/authorize.go):
 *
 *   signature = base64(HMAC-SHA256(secret, METHOD \n URL_PATH \n "application/json" \n timestamp \n base64(SHA256(body))))
 *
 * sent as `authorization: robocloud-hmac <identifier> <signature>` with `authorization-timestamp`
 * (unix seconds). Pure functions, shared by the room's guard and by clients (tests, the app).
 */
import { createHash, createHmac } from 'node:crypto'
import { CREDENTIAL_PATTERN } from '../shared/user-credential'

/** The authorization scheme name. */
export const HMAC_SCHEME = 'robocloud-hmac'
/** The header carrying the signed unix time in seconds. */
export const TIMESTAMP_HEADER = 'authorization-timestamp'

/** base64(SHA-256(body)), the body digest that goes into the signed string. */
export function bodyDigest(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64')
}

/** The string that is signed, lines joined by "\n" (the content type is always application/json). */
export function stringToSign(method: string, path: string, timestamp: string, digest: string): string {
  return [method.toUpperCase(), path, 'application/json', timestamp, digest].join('\n')
}

/** The base64 signature for a request, given the body's digest. */
export function hmacSignature(
  secret: string,
  method: string,
  path: string,
  timestamp: string,
  digest: string,
): string {
  return createHmac('sha256', secret)
    .update(stringToSign(method, path, timestamp, digest))
    .digest('base64')
}

/** Splits a credential string into its id and secret, or null when it is not one. */
export function parseCredential(credential: string): { id: string; secret: string } | null {
  const match = CREDENTIAL_PATTERN.exec(credential.trim())
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : null
}

/** The three headers of a signed request (content-type is always application/json). */
export function signedHeaders(
  credential: string,
  method: string,
  path: string,
  body: string | Uint8Array,
  unixSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const parsed = parseCredential(credential)
  if (!parsed) throw new Error('not a user access credential (expected <id>:<96 hex characters>)')
  const timestamp = String(unixSeconds)
  const signature = hmacSignature(parsed.secret, method, path, timestamp, bodyDigest(body))
  return {
    authorization: `${HMAC_SCHEME} ${parsed.id} ${signature}`,
    [TIMESTAMP_HEADER]: timestamp,
    'content-type': 'application/json',
  }
}
