/**
 * The one place API errors are made and rendered. Every error the room answers has the spec's
 * genericErrorResponse shape `{"error":{"code","message"}}`, including fastify's own (unknown route,
 * bad JSON, wrong content type, body too large), and bad input never becomes a 500.
 */
import { maxHeaderSize, STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'

/** An error the API answers with its own status, code and message. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Builds an ApiError; the shortcuts below cover the codes the room uses. */
export function apiError(statusCode: number, code: string, message: string): ApiError {
  return new ApiError(statusCode, code, message)
}

export const unauthorized = (message: string) => apiError(401, 'unauthorized', message)
export const forbidden = (message: string) => apiError(403, 'forbidden', message)
export const notFound = (message: string) => apiError(404, 'not_found', message)
export const invalidRequest = (message: string) => apiError(400, 'invalid_request', message)
export const notImplemented = (message: string) => apiError(501, 'not_implemented', message)

/** The response body for an error. */
export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } }
}

/** fastify's own error codes → the API's code (status comes from the fastify error). */
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_BAD_URL: 'invalid_request',
}

const FASTIFY_MESSAGES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'Request body is not valid JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type: send the body as application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large',
}

function sendError(reply: FastifyReply, statusCode: number, code: string, message: string): FastifyReply {
  return reply.code(statusCode).type('application/json; charset=utf-8').send(errorBody(code, message))
}

/**
 * fastify's `frameworkErrors` option: errors the router raises before any route or error handler
 * exists for the request (undecodable URL, over-long path parameter).
 */
export function renderFrameworkError(error: FastifyError, _request: unknown, reply: FastifyReply): void {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long' : 'The URL is not valid'
  sendError(reply, status, 'invalid_request', message)
}

/**
 * fastify's `clientErrorHandler`: requests Node's HTTP parser refuses before fastify sees them
 * (headers and URL over Node's limit, malformed HTTP, a client too slow), answered in the API's
 * error shape rather than fastify's own, then the connection is closed.
 */
export function renderClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'request_header_fields_too_large',
          `The request line and headers are larger than ${maxHeaderSize} bytes`,
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request did not arrive in time']
        : [400, 'invalid_request', 'The request is not valid HTTP']
  const body = JSON.stringify(errorBody(code, message))
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy()
}

/** Installs the error and not-found handlers on a fastify instance. */
export function installErrorHandlers(app: FastifyInstance, log: (line: string) => void): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) return sendError(reply, error.statusCode, error.code, error.message)
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500
    if (status >= 400 && status < 500) {
      const code = (error.code && FASTIFY_CODES[error.code]) || 'invalid_request'
      const message = (error.code && FASTIFY_MESSAGES[error.code]) || error.message
      return sendError(reply, status, code, message)
    }
    // Unexpected: log the detail locally, never send it (it could carry paths or SQL). The route
    // template, not the URL, is logged: some Control Room routes take a key in the query.
    log(
      `error: ${request.method} ${request.routeOptions.url ?? '(no route)'}: ${error.stack ?? error.message}`,
    )
    return sendError(reply, 500, 'internal_error', 'The local Control Room failed to handle the request')
  })
  app.setNotFoundHandler((request, reply) => {
    const path = (request.url.split('?')[0] ?? '').slice(0, 200)
    return sendError(reply, 404, 'not_found', `No route ${request.method} ${path}`)
  })
}
