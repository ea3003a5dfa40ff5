/**
 * Time-limited URLs on the room (artifact and asset downloads, upload targets), as Control Room
 * hands out presigned links: `<origin><path>?expires=<unix s>&signature=<hmac>`. The signature
 * covers method, path and expiry, so a link cannot be reused for another file or after it expires.
 *
 * The path is signed in one canonical form, built by the route's own path builder from the ids it
 * serves (e.g. artifactDownloadPath). A request is checked over that same form rebuilt from the
 * parameters the router matched, never over a second parse of the raw URL: what is verified is
 * exactly what the handler serves (issue 7: a backslash path once passed WHATWG normalisation as
 * one artifact while the router read another).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { deriveKey } from '../credentials/room-secret'
import { apiError, invalidRequest } from './errors'

export interface UrlSigner {
  /** A full URL to `path` (a canonical path from the route's builder) on `origin`, valid for `ttlSeconds`. */
  sign(origin: string, method: string, path: string, ttlSeconds: number): string
  /**
   * Throws a 403 unless `query` (as the router parsed it) carries one valid, unexpired signature
   * for `method` and the canonical `path`.
   */
  verify(method: string, path: string, query: unknown): void
}

export function createUrlSigner(roomSecret: Buffer, now: () => number = Date.now): UrlSigner {
  const key = deriveKey(roomSecret, 'signed-urls')
  const signature = (method: string, path: string, expires: number) =>
    createHmac('sha256', key).update(`${method.toUpperCase()}\n${path}\n${expires}`).digest('base64url')
  return {
    sign(origin, method, path, ttlSeconds) {
      const expires = Math.floor(now() / 1000) + ttlSeconds
      return `${origin}${path}?expires=${expires}&signature=${signature(method, path, expires)}`
    },
    verify(method, path, query) {
      const { expires, signature: given } = (query ?? {}) as Record<string, unknown>
      // A value given twice arrives as an array: refused like any other malformed link.
      const valid =
        typeof expires === 'string' &&
        /^\d{1,12}$/.test(expires) &&
        typeof given === 'string' &&
        matches(Buffer.from(given), Buffer.from(signature(method, path, Number(expires))))
      if (!valid) throw apiError(403, 'forbidden', 'The link is not valid')
      if (Number(expires) < Math.floor(now() / 1000)) throw apiError(403, 'forbidden', 'The link has expired')
    },
  }
}

function matches(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected)
}

// `\` (a separator to WHATWG URL parsing), and percent-encoded `/`, `\` or `.` (which a link the room
// made never holds: ids and names are encoded with encodeURIComponent, which leaves `.` alone).
const AMBIGUOUS = /\\|%2f|%5c|%2e/i

/**
 * A 400 for a signed link's path that different parsers could read as different resources: `\`,
 * `.` or `..` segments, or encoded separators and dots. Checked on the raw request target before
 * anything else, so such a path never reaches a signature check or a handler.
 */
export function refuseAmbiguousPath(rawUrl: string): void {
  const path = rawUrl.split('?', 1)[0] ?? ''
  if (AMBIGUOUS.test(path) || path.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw invalidRequest(
      'A signed link path must not contain "\\", "." or ".." segments, or encoded "/", "\\" or "." (%2F, %5C, %2E): use the link exactly as the room gave it',
    )
  }
}
