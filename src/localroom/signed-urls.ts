/**
 * Time-limited URLs on the room (artifact and asset downloads, upload targets), as Control Room
 * hands out presigned links: `<origin><path>?expires=<unix s>&signature=<hmac>`. The signature
 * covers method, path and expiry, so a link cannot be reused for another file or after it expires.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { apiError } from './errors'
import { deriveKey } from './room-secret'

export interface UrlSigner {
  /** A full URL to `path` on `origin`, valid for `ttlSeconds` for `method` requests. */
  sign(origin: string, method: string, path: string, ttlSeconds: number): string
  /** Throws a 403 unless the request carries a valid, unexpired signature for its method and path. */
  verify(request: FastifyRequest): void
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
    verify(request) {
      const url = new URL(request.url, 'http://localhost')
      const expires = Number(url.searchParams.get('expires'))
      const given = Buffer.from(url.searchParams.get('signature') ?? '')
      const expected = Buffer.from(signature(request.method, url.pathname, expires))
      if (
        !Number.isInteger(expires) ||
        given.length !== expected.length ||
        !timingSafeEqual(given, expected)
      ) {
        throw apiError(403, 'forbidden', 'The link is not valid')
      }
      if (expires < Math.floor(now() / 1000)) throw apiError(403, 'forbidden', 'The link has expired')
    },
  }
}
