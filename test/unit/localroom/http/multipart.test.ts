/**
 * The streaming multipart/form-data parser: whatever the chunking, it yields the parts and their
 * content exactly, holds back only a delimiter's length between chunks, and refuses malformed forms
 * with a 400.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../../src/localroom/http/errors'
import { type MultipartEvent, multipartEvents } from '../../../../src/localroom/http/multipart'

const BOUNDARY = 'b0undary'

function form(parts: { name: string; content: Buffer }[], boundary = BOUNDARY): Buffer {
  const pieces: Buffer[] = [Buffer.from('preamble to ignore\r\n')]
  for (const part of parts) {
    pieces.push(
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${part.name}"\r\n\r\n`),
      part.content,
      Buffer.from('\r\n'),
    )
  }
  pieces.push(Buffer.from(`--${boundary}--\r\nepilogue to ignore`))
  return Buffer.concat(pieces)
}

/** Splits `body` at `cuts` (positions, any order) into chunks, as a socket might deliver it. */
async function* chunked(body: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let from = 0
  for (const at of [...new Set(cuts.map((cut) => cut % (body.length + 1)))].sort((a, b) => a - b)) {
    yield body.subarray(from, at)
    from = at
  }
  yield body.subarray(from)
}

/** The parts of a parsed form, content joined, plus the largest data chunk held back at the end of one. */
async function collect(source: AsyncIterable<Buffer>, boundary = BOUNDARY) {
  const parts: { name: string; content: Buffer }[] = []
  let chunks: Buffer[] = []
  const events: MultipartEvent[] = []
  for await (const event of multipartEvents(source, boundary)) {
    events.push(event)
    if (event.type === 'part') {
      if (parts.length > 0) (parts.at(-1) as { content: Buffer }).content = Buffer.concat(chunks)
      parts.push({ name: event.name, content: Buffer.alloc(0) })
      chunks = []
    } else chunks.push(event.chunk)
  }
  if (parts.length > 0) (parts.at(-1) as { content: Buffer }).content = Buffer.concat(chunks)
  return parts
}

async function refusal(body: string | Buffer): Promise<ApiError> {
  try {
    await collect(chunked(Buffer.from(body), []))
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('the form was accepted')
}

describe('multipart/form-data parser', () => {
  it('yields every part exactly, however the body is chunked', async () => {
    // Content drawn from bytes that make near-delimiters likely: CR, LF, dashes and the boundary's letters.
    const content = fc
      .array(fc.constantFrom(0x0d, 0x0a, 0x2d, 0x62, 0x30, 0x75, 0x6e, 0x64, 0x00, 0xff), { maxLength: 200 })
      .map((bytes) => Buffer.from(bytes))
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ name: fc.constantFrom('file', 'file_id', 'x'), content }), { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        async (parts, cuts) => {
          const body = form(parts)
          expect(await collect(chunked(body, cuts))).toEqual(parts)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('passes content through as it arrives, holding back less than a delimiter', async () => {
    const head = Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"\r\n\r\n`)
    const payload = Buffer.alloc(1024 * 1024, 0x61)
    let delivered = 0
    async function* source() {
      yield head
      for (let at = 0; at < payload.length; at += 64 * 1024) {
        yield payload.subarray(at, at + 64 * 1024)
        // Everything but the last few bytes sent so far has come out of the parser already.
        expect(delivered).toBeGreaterThan(at + 64 * 1024 - BOUNDARY.length - 4)
      }
      yield Buffer.from(`\r\n--${BOUNDARY}--`)
    }
    for await (const event of multipartEvents(source(), BOUNDARY)) {
      if (event.type === 'data') delivered += event.chunk.length
    }
    expect(delivered).toBe(payload.length)
  })

  it.each([
    ['no delimiter at all', 'just text'],
    ['a form that never closes', `--${BOUNDARY}\r\ncontent-disposition: form-data; name="a"\r\n\r\nvalue`],
    ['garbage after a delimiter', `--${BOUNDARY}xx`],
    ['headers that never end', `--${BOUNDARY}\r\ncontent-disposition: form-data; name="a"\r\n`],
    ['a part without a name', `--${BOUNDARY}\r\ncontent-type: text/plain\r\n\r\nv\r\n--${BOUNDARY}--`],
    ['over-long part headers', `--${BOUNDARY}\r\nx-pad: ${'p'.repeat(20_000)}\r\n\r\nv\r\n--${BOUNDARY}--`],
    ['over-long preamble', `${'p'.repeat(20_000)}--${BOUNDARY}--`],
    [
      'too many parts',
      `${`--${BOUNDARY}\r\ncontent-disposition: form-data; name="a"\r\n\r\nv\r\n`.repeat(51)}--${BOUNDARY}--`,
    ],
  ])('refuses %s with a 400', async (_name, body) => {
    const error = await refusal(body)
    expect(error.statusCode).toBe(400)
    expect(error.code).toBe('invalid_request')
  })
})
