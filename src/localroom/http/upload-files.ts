/**
 * Uploads on their way to disk. A body, or a multipart form's file part, is written to a temporary
 * file in `<data>/upload-temp` as it arrives (never held in memory) and renamed into place once it
 * is complete and checked; on any failure, refusal or abort the temporary file is removed. What a
 * crash left there is removed at start (cleanUploadTemp). Only requests that passed their link's
 * check get here (signed-link-guard.ts), and each is capped at its route's limit.
 */
import { randomBytes } from 'node:crypto'
import { renameSync } from 'node:fs'
import { type FileHandle, mkdir, open, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { FastifyRequest } from 'fastify'
import { ApiError, apiError, invalidRequest } from './errors'
import { multipartBoundary, multipartEvents } from './multipart'

/** Where uploads are written while they arrive (inside the data dir, so a rename moves them into place). */
export function uploadTempDir(dataDir: string): string {
  return join(dataDir, 'upload-temp')
}

/** Removes temporary files a crash or kill left behind (at start, before the room listens). */
export async function cleanUploadTemp(dataDir: string): Promise<void> {
  await rm(uploadTempDir(dataDir), { recursive: true, force: true })
}

/** A file being received: written as it arrives, capped at `limit` bytes. */
export class IncomingFile {
  size = 0

  private constructor(
    /** The temporary file. */
    readonly path: string,
    private handle: FileHandle | null,
    private readonly limit: number,
    private readonly tooLarge: () => Error,
  ) {}

  static async create(dataDir: string, limit: number, tooLarge: () => Error): Promise<IncomingFile> {
    const dir = uploadTempDir(dataDir)
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const path = join(dir, `${randomBytes(12).toString('hex')}.part`)
    return new IncomingFile(path, await open(path, 'wx', 0o600), limit, tooLarge)
  }

  /** A finished file of content already in memory (an inline upload), on its way into place like any other. */
  static async holding(dataDir: string, content: Buffer): Promise<IncomingFile> {
    const file = await IncomingFile.create(dataDir, content.length, () => new Error('content changed size'))
    try {
      await file.write(content)
      await file.finish()
      return file
    } catch (error) {
      await file.discard()
      throw error
    }
  }

  /** Appends a chunk; throws `tooLarge()` (nothing written) once the file would pass its limit. */
  async write(chunk: Buffer): Promise<void> {
    if (!this.handle) throw new Error('the upload file is closed')
    if (this.size + chunk.length > this.limit) throw this.tooLarge()
    this.size += chunk.length
    let written = 0
    while (written < chunk.length) written += (await this.handle.write(chunk, written)).bytesWritten
  }

  /** Closes the file once every byte is written. */
  async finish(): Promise<void> {
    await this.handle?.close()
    this.handle = null
  }

  /**
   * Moves the finished file to `target` (whose folder must exist). Synchronous, so a caller can do
   * it in the same step as the database update that makes the file visible.
   */
  moveTo(target: string): void {
    renameSync(this.path, target)
  }

  /** Closes and removes the temporary file; never throws (a missing file is what we want). */
  async discard(): Promise<void> {
    await this.handle?.close().catch(() => {})
    this.handle = null
    await rm(this.path, { force: true }).catch(() => {})
  }
}

export interface UploadLimit {
  dataDir: string
  /** Largest content accepted. */
  maxBytes: number
  /** The error for content over maxBytes (a 413, or a 400 naming the field). */
  tooLarge: () => Error
}

/** Receives a request's raw body into a finished IncomingFile (the caller moves or discards it). */
export async function receiveBody(request: FastifyRequest, limit: UploadLimit): Promise<IncomingFile> {
  if (declaredLength(request) > limit.maxBytes) throw limit.tooLarge()
  const file = await IncomingFile.create(limit.dataDir, limit.maxBytes, limit.tooLarge)
  try {
    for await (const chunk of bodyStream(request)) await file.write(chunk)
    if (!request.raw.complete) throw interrupted()
    await file.finish()
    return file
  } catch (error) {
    await file.discard()
    throw asUploadError(request, error)
  }
}

export interface ReceivedForm {
  /** The other parts, as text (each at most MAX_FIELD_BYTES). */
  fields: ReadonlyMap<string, string>
  /** The `fileField` part's content, finished; null when the form had none. */
  file: IncomingFile | null
}

/** Longest form field other than the file (form_data fields are ids and short strings). */
const MAX_FIELD_BYTES = 8 * 1024
/** What a form may add to its file's size: the other fields and the multipart framing. */
const FORM_OVERHEAD_BYTES = 1024 * 1024

/**
 * Receives a multipart/form-data body: the `fileField` part streams to a temporary file, the other
 * parts are kept as text. A second file part, a field over MAX_FIELD_BYTES or a malformed form is a
 * 400; nothing is left on disk unless the form is returned.
 */
export async function receiveForm(
  request: FastifyRequest,
  fileField: string,
  limit: UploadLimit,
): Promise<ReceivedForm> {
  const boundary = multipartBoundary(request.headers['content-type'])
  const maxBodyBytes = limit.maxBytes + FORM_OVERHEAD_BYTES
  const bodyTooLarge = () =>
    apiError(413, 'payload_too_large', `The form is larger than ${maxBodyBytes} bytes`)
  if (declaredLength(request) > maxBodyBytes) throw bodyTooLarge()
  const fields = new Map<string, string>()
  let file: IncomingFile | null = null
  let field: { name: string; chunks: Buffer[]; size: number } | null = null
  let inFile = false
  const endField = () => {
    if (field) fields.set(field.name, Buffer.concat(field.chunks).toString('utf8'))
    field = null
  }
  try {
    const body = capped(bodyStream(request), maxBodyBytes, bodyTooLarge)
    for await (const event of multipartEvents(body, boundary)) {
      if (event.type === 'part') {
        endField()
        inFile = event.name === fileField
        if (!inFile) field = { name: event.name, chunks: [], size: 0 }
        else if (file) throw invalidRequest(`Invalid request body: more than one "${fileField}" part`)
        else file = await IncomingFile.create(limit.dataDir, limit.maxBytes, limit.tooLarge)
      } else if (inFile) await file?.write(event.chunk)
      else if (field) {
        field.size += event.chunk.length
        if (field.size > MAX_FIELD_BYTES)
          throw invalidRequest(`Invalid form field "${field.name}": longer than ${MAX_FIELD_BYTES} bytes`)
        field.chunks.push(event.chunk)
      }
    }
    endField()
    if (!request.raw.complete) throw interrupted()
    await file?.finish()
    return { fields, file }
  } catch (error) {
    await file?.discard()
    throw asUploadError(request, error)
  }
}

/** The Content-Length the client announced (0 when absent, e.g. chunked). */
function declaredLength(request: FastifyRequest): number {
  return Number(request.headers['content-length'] ?? 0) || 0
}

/** Passes chunks through, failing with `tooLarge()` once more than `max` bytes have come. */
async function* capped(source: AsyncIterable<Buffer>, max: number, tooLarge: () => Error) {
  let total = 0
  for await (const chunk of source) {
    total += chunk.length
    if (total > max) throw tooLarge()
    yield chunk
  }
}

const interrupted = () => invalidRequest('The upload was interrupted before its body ended')

/**
 * The request's body as a stream of chunks (route scopes that take uploads parse bodies as streams).
 * Stopping early (a refusal mid-body) must not destroy the request: that would reset the connection
 * before the refusal is sent. The connection is closed after the reply instead (signed-link-guard).
 */
function bodyStream(request: FastifyRequest): AsyncIterable<Buffer> {
  const body = request.body
  if (body === undefined || body === null) return Readable.from([])
  if (!(body instanceof Readable)) throw new Error('the upload body is not a stream')
  return body.iterator({ destroyOnReturn: false })
}

/** A client that went away mid-body is a 400 (it will not read it), not an internal error. */
function asUploadError(request: FastifyRequest, error: unknown): unknown {
  if (error instanceof ApiError) return error
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (request.raw.readableAborted || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE')
    return interrupted()
  return error
}
