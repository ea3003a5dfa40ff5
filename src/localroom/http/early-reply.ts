/**
 * What the room does with the rest of a request body it answered before receiving: a refusal
 * (no key, no valid link, unknown path, too large) or an upload stopped part way. Installed once
 * on the root instance, so every scope follows it.
 */
import type { IncomingMessage } from 'node:http'
import type { FastifyInstance } from 'fastify'

/** Installs the rule (an onResponse hook) on the app. */
export function installEarlyReplyRule(app: FastifyInstance): void {
  // Fastify answers a body error (too large) with `Connection: close`, and Node then closes the
  // socket under a client still sending: it gets a broken pipe, or a reset that can destroy the
  // answer. A body that will be drained keeps its connection instead.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!request.raw.complete && drainable(request.raw)) reply.removeHeader('connection')
    done(null, payload)
  })
  // Callback style: these run for every response, and most have nothing to do.
  app.addHook('onResponse', (request, _reply, done) => {
    afterEarlyReply(request.raw)
    done()
  })
}

/** How long a connection whose request body was refused stays open for the answer to be read. */
export const LINGER_MS = 1000
/**
 * A refused body up to this size (by Content-Length) is read to its end and dropped, so the client,
 * still sending, reads its answer and the connection stays usable. It covers the honest mistakes (a
 * JSON body somewhat over the 1 MiB limit, an inline asset over 5 MiB in base64) at the cost of
 * reading, never keeping, a few MiB; anything larger is cut off as below.
 */
export const DRAIN_LIMIT_BYTES = 8 * 1024 * 1024
/**
 * How long such a body has to arrive: a few MiB over loopback takes milliseconds, but a client on a
 * busy machine (or sharing its event loop with the room, as tests do) can take more than LINGER_MS,
 * and would then get a broken pipe instead of its 413.
 */
export const DRAIN_TIMEOUT_MS = 10_000

/** Whether a body the room will not use is small enough to read to its end (DRAIN_LIMIT_BYTES). */
function drainable(raw: IncomingMessage): boolean {
  return (
    raw.headers['transfer-encoding'] === undefined &&
    Number(raw.headers['content-length']) <= DRAIN_LIMIT_BYTES
  )
}

/**
 * After a reply sent before its request's body arrived (a refusal, or an upload stopped part way).
 * A small body is read to its end and dropped, as Node does by itself, so a keep-alive client can
 * go on using the connection. A large one (or one of unknown size) is not: reading it only to drop
 * it would let a stranger make the room take in gigabytes, churning memory as it goes. The room
 * stops reading and closes the connection a moment later; not at once, because closing a socket
 * with unread data sends a TCP reset, which can destroy the answer before the client, still busy
 * sending, has read it. Either way a body that does not end in time (DRAIN_TIMEOUT_MS, LINGER_MS)
 * is cut off.
 */
function afterEarlyReply(raw: IncomingMessage): void {
  const socket = raw.socket
  if (raw.complete || !socket) return
  const drain = drainable(raw)
  const timer = setTimeout(() => socket.destroy(), drain ? DRAIN_TIMEOUT_MS : LINGER_MS)
  timer.unref()
  const onClose = () => clearTimeout(timer)
  socket.once('close', onClose)
  if (drain) {
    // The connection lives on (keep-alive): take the listener back, or each refusal on it adds one.
    raw.once('end', () => {
      clearTimeout(timer)
      socket.removeListener('close', onClose)
    })
    raw.resume()
    return
  }
  // Node's end-of-response handling resumes reading to drain the body (on the next tick): pause
  // after it. The rest of the body then stays in the kernel's buffers, unread.
  setImmediate(() => socket.pause())
}
