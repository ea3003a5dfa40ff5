/**
 * Every refusal web mode sends, in the bridge's error shape `{ok:false,error:{code,message}}`: from
 * its own checks, from Fastify (bad JSON, too large, unknown route, a URL that cannot be decoded) and
 * from Node's HTTP parser (a malformed request, headers too large), which answers before Fastify sees
 * a request.
 */
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply } from 'fastify'

export interface WebErrorBody {
  ok: false
  error: { code: string; message: string }
}

export const webError = (code: string, message: string): WebErrorBody => ({
  ok: false,
  error: { code, message },
})

/** A code for a status that has no more specific one: 413 -> `payload_too_large`. */
export function statusCode(status: number): string {
  return (STATUS_CODES[status] ?? 'error')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
}

/** Sends a refusal; `reply` may be a hook's, a handler's or a framework error's. */
export function refuse(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(webError(code, message))
}

/**
 * Fastify's error handler: a 4xx keeps its message (Fastify's own are about the request's form and
 * carry nothing secret); anything else is logged and answered with a generic message.
 */
export function answerError(error: FastifyError, reply: FastifyReply): void {
  const status = clientStatus(error) ?? 500
  if (status === 500) console.error('web mode request failed', error)
  const message = status === 500 ? 'Web mode failed to answer.' : error.message
  void refuse(reply, status, statusCode(status), message)
}

/** Fastify's answer to a URL its router cannot decode (`/%zz`) or a parameter that is too long. */
export function answerFrameworkError(error: FastifyError, reply: FastifyReply): void {
  const status = clientStatus(error) ?? 400
  void refuse(reply, status, statusCode(status), 'The request target is not a valid URL path.')
}

/** The error's status when it blames the request (4xx). */
function clientStatus(error: FastifyError): number | undefined {
  const status = error.statusCode
  return status && status >= 400 && status < 500 ? status : undefined
}

/**
 * Node's HTTP parser refused the request (malformed, an unknown method, headers past the size
 * limit, too slow): answer on the raw socket, in the same shape, and close it.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive.']
        : [400, 'The request is not valid HTTP/1.1.']
  if (!socket.writable) return void socket.destroy()
  socket.end(rawResponse(status, webError(statusCode(status), message)), () => socket.destroy())
}

/** A complete HTTP/1.1 response for a socket no Fastify reply owns; the connection closes after it. */
export function rawResponse(status: number, body: WebErrorBody): string {
  const text = JSON.stringify(body)
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
    'content-type: application/json; charset=utf-8\r\n' +
    `content-length: ${Buffer.byteLength(text)}\r\n` +
    'cache-control: no-store\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\r\n' +
    text
  )
}
