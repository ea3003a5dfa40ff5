/**
 * The one place API errors are made and rendered. Every error the room answers has the spec's
 * genericErrorResponse shape `{"error":{"code","message"}}`, including fastify's own (unknown route,
 * bad JSON, wrong content type, body too large), and bad input never becomes a 500.
 */
import { accessSync, constants, existsSync, statfsSync } from 'node:fs'
import { maxHeaderSize, STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { dirname } from 'node:path'
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

/** A row looked up by id, or the 404 that names it: `found(getRobot(db, ws, id), 'Robot', id)`. */
export function found<T>(row: T | undefined | null, what: string, id: string): T {
  if (row === undefined || row === null) throw notFound(`${what} ${id} not found`)
  return row
}
export const invalidRequest = (message: string) => apiError(400, 'invalid_request', message)
export const notImplemented = (message: string) => apiError(501, 'not_implemented', message)

/** Why the room cannot use its data folder. */
export type StorageProblem = 'full' | 'read_only' | 'not_permitted'

const PROBLEM_TEXT: Readonly<Record<StorageProblem, string>> = {
  full: 'the disk is full',
  read_only: 'the file system is read-only',
  not_permitted: 'permission denied',
}

/**
 * The room cannot use its data folder: a full disk, a read-only file system, no permission.
 * `message` names the path and the real cause, for the log and startup errors; an API answer uses
 * `status`, `code` and `apiMessage`, which name the cause but never the path.
 */
export class StorageError extends Error {
  constructor(
    readonly problem: StorageProblem,
    /** The file or folder the room could not use. */
    readonly path: string,
    /** The code that reported it: SQLITE_FULL, ENOSPC, EROFS, ... */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${PROBLEM_TEXT[problem]} (${reason})`, options)
    this.name = 'StorageError'
  }

  /** The cause in a few words, without the path: "the disk is full". */
  get summary(): string {
    return PROBLEM_TEXT[this.problem]
  }

  /** 507 for a full disk (the request may succeed once space is freed); 503 when writing is refused. */
  get status(): number {
    return this.problem === 'full' ? 507 : 503
  }

  get code(): string {
    return this.problem === 'full' ? 'insufficient_storage' : 'storage_unavailable'
  }

  get apiMessage(): string {
    return this.problem === 'full'
      ? "The local Control Room's disk is full, so the request was not stored. Free some disk space and retry: the room resumes by itself."
      : `The local Control Room cannot use its data folder (${PROBLEM_TEXT[this.problem]}), so the request was not completed.`
  }
}

// SQLite's primary result codes (the low byte of an extended code).
const SQLITE_READONLY = 8
const SQLITE_IOERR = 10
const SQLITE_FULL = 13
const SQLITE_CANTOPEN = 14

const ERRNO_PROBLEMS: Readonly<Record<string, StorageProblem>> = {
  ENOSPC: 'full',
  EDQUOT: 'full',
  EROFS: 'read_only',
  EACCES: 'not_permitted',
  EPERM: 'not_permitted',
}

/**
 * The storage failure behind an error, or null when it is something else. `dbPath` is the file a
 * SQLite error is about (SQLite's errors name none). SQLite's "unable to open" and I/O errors, and
 * Node's ENOENT from a recursive mkdir on a read-only file system, hide their cause: the folder is
 * then examined to name it.
 */
export function asStorageError(error: unknown, dbPath: string): StorageError | null {
  if (error instanceof StorageError) return error
  if (typeof error !== 'object' || error === null) return null
  const { code, errcode, path, syscall } = error as NodeJS.ErrnoException & { errcode?: unknown }
  if (code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number') {
    const primary = errcode & 0xff
    if (primary === SQLITE_FULL) return new StorageError('full', dbPath, 'SQLITE_FULL', { cause: error })
    if (primary === SQLITE_READONLY)
      return new StorageError('read_only', dbPath, 'SQLITE_READONLY', { cause: error })
    if (primary === SQLITE_CANTOPEN || primary === SQLITE_IOERR) return diagnose(dbPath, error)
    return null
  }
  // Only file system errors: an EACCES from listen() is not about the data folder.
  if (typeof code !== 'string' || typeof path !== 'string') return null
  const problem = ERRNO_PROBLEMS[code]
  if (problem) return new StorageError(problem, path, code, { cause: error })
  if (code === 'ENOENT' && syscall === 'mkdir') return diagnose(path, error)
  return null
}

/**
 * Why `path` cannot be written, found by examining its nearest existing folder, or null. The code
 * found is the one named: the one reported (ENOENT, "unable to open") would mislead.
 */
function diagnose(path: string, error: unknown): StorageError | null {
  let folder = dirname(path)
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder)
  try {
    accessSync(folder, constants.W_OK)
  } catch (access) {
    const code = (access as NodeJS.ErrnoException).code ?? ''
    const problem = ERRNO_PROBLEMS[code]
    if (problem) return new StorageError(problem, path, code, { cause: error })
  }
  try {
    if (statfsSync(folder).bavail === 0)
      return new StorageError('full', path, 'no free space', { cause: error })
  } catch {
    // statfs is not available everywhere; the error stays unexplained.
  }
  return null
}

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
export function installErrorHandlers(
  app: FastifyInstance,
  log: (line: string) => void,
  /** Tells (and logs, once a streak) when an error is the disk refusing a write (storage-health.ts). */
  noticeStorageError: (error: unknown) => StorageError | null = () => null,
): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) return sendError(reply, error.statusCode, error.code, error.message)
    const storage = noticeStorageError(error)
    if (storage) return sendError(reply, storage.status, storage.code, storage.apiMessage)
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
