/**
 * The guard of the `signed-link` routes (downloads and upload targets, route-definition.ts): on
 * `onRequest`, before fastify reads a byte of the body, the raw path must be unambiguous
 * (signed-urls.ts refuseAmbiguousPath) and the query must carry the signature of the canonical path
 * the route's own builder makes from the parameters the router matched. A stranger's 64 MiB upload
 * therefore costs a header parse, not 64 MiB of memory.
 */
import type { IncomingMessage } from 'node:http'
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from './context'
import { routeConfig } from './route-definition'
import { refuseAmbiguousPath } from './signed-urls'

/** Installs the guard (and the early-reply rule below) on a fastify scope. */
export function installSignedLinkGuard(scope: FastifyInstance, ctx: RoomContext): void {
  scope.addHook('onRequest', async (request) => {
    const config = routeConfig(request)
    if (config?.auth !== 'signed-link' || !config.signedLink) return
    refuseAmbiguousPath(request.url)
    const params = request.params as Readonly<Record<string, string>>
    ctx.urls.verify(config.signedLink.method ?? request.method, config.signedLink.path(params), request.query)
  })

  scope.addHook('onResponse', async (request) => afterEarlyReply(request.raw))
}

/** How long a connection whose request body was refused stays open for the answer to be read. */
export const LINGER_MS = 1000
/** A refused body up to this size (by Content-Length) is read to its end, so the connection stays usable. */
export const DRAIN_LIMIT_BYTES = 1024 * 1024

/**
 * After a reply sent before its request's body arrived (a refusal, or an upload stopped part way).
 * A small body is read to its end and dropped, as Node does by itself, so a keep-alive client can
 * go on using the connection. A large one (or one of unknown size) is not: reading it only to drop
 * it would let a stranger make the room take in gigabytes, churning memory as it goes. The room
 * stops reading and closes the connection a moment later; not at once, because closing a socket
 * with unread data sends a TCP reset, which can destroy the answer before the client, still busy
 * sending, has read it. Either way a body that does not end in time is cut off.
 */
function afterEarlyReply(raw: IncomingMessage): void {
  const socket = raw.socket
  if (raw.complete || !socket) return
  const timer = setTimeout(() => socket.destroy(), LINGER_MS)
  timer.unref()
  socket.once('close', () => clearTimeout(timer))
  const announced = Number(raw.headers['content-length'])
  if (raw.headers['transfer-encoding'] === undefined && announced <= DRAIN_LIMIT_BYTES) {
    raw.once('end', () => clearTimeout(timer))
    raw.resume()
    return
  }
  // Node's end-of-response handling resumes reading to drain the body (on the next tick): pause
  // after it. The rest of the body then stays in the kernel's buffers, unread.
  setImmediate(() => socket.pause())
}
