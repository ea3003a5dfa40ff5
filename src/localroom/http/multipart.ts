/**
 * A streaming multipart/form-data parser for the room's upload targets (S3-style presigned POSTs):
 * it reads the body chunk by chunk and yields each part's name, then its content as it arrives, so
 * a 64 MiB file goes to disk without being held in memory. It keeps at most one part's headers and
 * a boundary's length of bytes between chunks; anything malformed is a 400, never a crash.
 * Hand-written because no streaming multipart parser is installed (busboy, @fastify/busboy or
 * @fastify/multipart would replace it) and the targets need only fields plus one file.
 */
import { invalidRequest } from './errors'

export type MultipartEvent =
  /** A part starts (its content follows as `data` events, possibly none). */
  { type: 'part'; name: string; filename: string | null } | { type: 'data'; chunk: Buffer }

/** Most parts one form may have (a presigned POST has a handful of fields and one file). */
const MAX_PARTS = 50
/** Longest header block of one part, and longest preamble before the first boundary. */
const MAX_HEADER_BYTES = 16 * 1024

/** The boundary of a multipart/form-data content type, or a 400. */
export function multipartBoundary(contentType: string | undefined): string {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '')
  const boundary = match?.[1] ?? match?.[2]
  if (!boundary) throw invalidRequest('Invalid request body: a multipart/form-data boundary is required')
  return boundary
}

const malformed = () => invalidRequest('Invalid request body: malformed multipart/form-data')
const CRLF = Buffer.from('\r\n')
const HEADER_END = Buffer.from('\r\n\r\n')
const DASHES = Buffer.from('--')

type State = 'preamble' | 'after-delimiter' | 'headers' | 'content' | 'done'

/**
 * The events of a multipart/form-data body read from `source`. Throws a 400 for a malformed form,
 * including one that ends before its closing boundary; bytes after the closing boundary are read
 * and ignored.
 */
export async function* multipartEvents(
  source: AsyncIterable<Buffer>,
  boundary: string,
): AsyncGenerator<MultipartEvent> {
  const delimiter = Buffer.from(`--${boundary}`)
  // Inside a part's content the delimiter only counts at the start of a line.
  const contentEnd = Buffer.concat([CRLF, delimiter])
  // Typed wide on purpose: advance() changes it between the checks below.
  let state = 'preamble' as State
  let pending: Buffer = Buffer.alloc(0)
  let parts = 0

  // Consumes as much of `pending` as can be decided now; the rest waits for the next chunk.
  function* advance(): Generator<MultipartEvent> {
    for (;;) {
      if (state === 'done') {
        pending = Buffer.alloc(0)
        return
      }
      if (state === 'preamble') {
        const at = pending.indexOf(delimiter)
        if (at > MAX_HEADER_BYTES || (at < 0 && pending.length > MAX_HEADER_BYTES)) throw malformed()
        if (at < 0) return
        pending = pending.subarray(at + delimiter.length)
        state = 'after-delimiter'
      } else if (state === 'after-delimiter') {
        if (pending.length < 2) return
        if (pending.subarray(0, 2).equals(DASHES)) state = 'done'
        else if (pending.subarray(0, 2).equals(CRLF)) {
          pending = pending.subarray(2)
          state = 'headers'
        } else throw malformed()
      } else if (state === 'headers') {
        const at = pending.indexOf(HEADER_END)
        if (at < 0) {
          if (pending.length > MAX_HEADER_BYTES)
            throw invalidRequest('Invalid request body: the headers of a form part are too long')
          return
        }
        if (at > MAX_HEADER_BYTES)
          throw invalidRequest('Invalid request body: the headers of a form part are too long')
        if (++parts > MAX_PARTS) throw invalidRequest('Invalid request body: too many form parts')
        yield { type: 'part', ...disposition(pending.subarray(0, at).toString('utf8')) }
        pending = pending.subarray(at + HEADER_END.length)
        state = 'content'
      } else {
        const at = pending.indexOf(contentEnd)
        if (at >= 0) {
          if (at > 0) yield { type: 'data', chunk: pending.subarray(0, at) }
          pending = pending.subarray(at + contentEnd.length)
          state = 'after-delimiter'
          continue
        }
        // Everything but a possible start of the delimiter is content already.
        const keep = contentEnd.length - 1
        if (pending.length > keep) {
          yield { type: 'data', chunk: pending.subarray(0, pending.length - keep) }
          pending = pending.subarray(pending.length - keep)
        }
        return
      }
    }
  }

  for await (const chunk of source) {
    if (state === 'done') continue
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    yield* advance()
  }
  if (state !== 'done') throw malformed()
}

function disposition(headers: string): { name: string; filename: string | null } {
  const line = headers.split('\r\n').find((header) => /^content-disposition\s*:/i.test(header)) ?? ''
  const name = /;\s*name="([^"]*)"/i.exec(line)?.[1]
  if (name === undefined) throw invalidRequest('Invalid request body: a form part has no name')
  const filename = /;\s*filename="([^"]*)"/i.exec(line)?.[1] ?? null
  return { name, filename }
}
