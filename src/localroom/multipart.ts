/**
 * A small multipart/form-data parser for the room's upload targets (S3-style presigned POSTs): the
 * whole body is in memory (its size is capped by the route's body limit), parts are split on the
 * boundary, and anything malformed is a 400, never a crash. Hand-written: a target needs the form
 * fields and one file from a body already bounded in memory, less than @fastify/multipart's streaming
 * plugin brings (busboy, its own limits and storage handling) into the room.
 */
import { invalidRequest } from './errors'

export interface MultipartPart {
  name: string
  filename: string | null
  data: Buffer
}

/** Most parts one form may have (a presigned POST has a handful of fields and one file). */
const MAX_PARTS = 50

/** The boundary of a multipart/form-data content type, or a 400. */
export function multipartBoundary(contentType: string | undefined): string {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '')
  const boundary = match?.[1] ?? match?.[2]
  if (!boundary) throw invalidRequest('Invalid request body: a multipart/form-data boundary is required')
  return boundary
}

/** Splits a multipart/form-data body into its parts. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`)
  const malformed = () => invalidRequest('Invalid request body: malformed multipart/form-data')
  let position = body.indexOf(delimiter)
  if (position < 0) throw malformed()
  const parts: MultipartPart[] = []
  for (;;) {
    position += delimiter.length
    // `--` after a delimiter ends the form.
    if (body[position] === 0x2d && body[position + 1] === 0x2d) return parts
    if (body[position] !== 0x0d || body[position + 1] !== 0x0a) throw malformed()
    position += 2
    const headerEnd = body.indexOf('\r\n\r\n', position)
    if (headerEnd < 0) throw malformed()
    const headers = body.subarray(position, headerEnd).toString('utf8')
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4)
    if (next < 0) throw malformed()
    parts.push({ ...disposition(headers), data: body.subarray(headerEnd + 4, next) })
    if (parts.length > MAX_PARTS) throw invalidRequest('Invalid request body: too many form parts')
    position = next + 2
  }
}

function disposition(headers: string): { name: string; filename: string | null } {
  const line = headers.split('\r\n').find((header) => /^content-disposition\s*:/i.test(header)) ?? ''
  const name = /;\s*name="([^"]*)"/i.exec(line)?.[1]
  if (name === undefined) throw invalidRequest('Invalid request body: a form part has no name')
  const filename = /;\s*filename="([^"]*)"/i.exec(line)?.[1] ?? null
  return { name, filename }
}
