/**
 * A listener for webhook deliveries on 127.0.0.1: what the local room's push receiver and the
 * webhook inbox share. It takes POSTs only, and reads each body whole, up to a limit, before anything
 * else looks at the request: a declared length over the limit is answered 413 without reading, a body
 * that grows past it is cut off with 413. Slow senders are timed out. Hand-written on node:http
 * rather than fastify: one route, and the handler needs the raw bytes the signature was made over.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One delivery as read off the wire. */
export interface IntakeRequest {
  method: string
  /** The request target (path and query) as sent. */
  path: string
  headers: IncomingHttpHeaders
  /** Header names and values in the order and case they arrived (name, value, name, value...). */
  rawHeaders: string[]
  body: Buffer
}

/** What the handler answers; a JSON body is sent as such. */
export interface IntakeAnswer {
  status: number
  body?: unknown
}

export interface IntakeOptions {
  /** 127.0.0.1 unless a test says otherwise; never a public interface by default. */
  host?: string
  /** 0: any free port. */
  port: number
  maxBodyBytes: number
  handle(request: IntakeRequest): IntakeAnswer | Promise<IntakeAnswer>
  /** Told when a handler throws (the sender gets a 500 with no detail). */
  onError(error: unknown): void
  /** A whole request (headers and body) must arrive within this. */
  requestTimeoutMs?: number
}

export interface Intake {
  /** http://127.0.0.1:<port> */
  origin: string
  port: number
  close(): Promise<void>
}

const DEFAULT_REQUEST_TIMEOUT_MS = 15_000
/** How much of a refused body is read and dropped before the connection is cut. */
const DRAIN_LIMIT_BYTES = 8 * 1024 * 1024

/** The room's error shape, so a sender's log reads the same as the room's own errors. */
export const errorAnswer = (status: number, code: string, message: string): IntakeAnswer => ({
  status,
  body: { error: { code, message } },
})

/** Starts listening; rejects when the port is taken (EADDRINUSE) or not allowed. */
export async function startIntake(options: IntakeOptions): Promise<Intake> {
  const timeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
  const server = createServer({ requestTimeout: timeout, headersTimeout: Math.min(timeout, 10_000) })
  server.on('request', (request, response) => {
    void serve(options, request, response).catch((error) => {
      options.onError(error)
      if (!response.headersSent) send(response, errorAnswer(500, 'internal', 'The receiver failed.'))
    })
  })
  // A client error (bad request line, timeout) ends that socket only.
  server.on('clientError', (_error, socket) => socket.destroy())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { address, port } = server.address() as AddressInfo
  const host = address.includes(':') ? `[${address}]` : address
  return {
    origin: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

async function serve(options: IntakeOptions, request: IncomingMessage, response: ServerResponse) {
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST')
    return send(response, errorAnswer(405, 'method_not_allowed', 'Webhook deliveries are POSTs.'), true)
  }
  const declared = Number(request.headers['content-length'] ?? Number.NaN)
  if (declared > options.maxBodyBytes) return refuseTooLarge(response, options.maxBodyBytes)
  const body = await readBody(request, options.maxBodyBytes)
  if (body === null) return refuseTooLarge(response, options.maxBodyBytes)
  const answer = await options.handle({
    method: request.method,
    path: request.url ?? '/',
    headers: request.headers,
    rawHeaders: request.rawHeaders,
    body,
  })
  send(response, answer)
}

/**
 * The whole body, or null as soon as it passes the limit. The rest is read and dropped, up to
 * DRAIN_LIMIT_BYTES, so a sender still writing reads its 413 instead of a broken pipe; past that the
 * connection is cut.
 */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        chunks.length = 0
        request.off('data', onData)
        let drained = 0
        request.on('data', (dropped: Buffer) => {
          drained += dropped.length
          if (drained > DRAIN_LIMIT_BYTES) request.destroy()
        })
        resolve(null)
        return
      }
      chunks.push(chunk)
    }
    request.on('data', onData)
    request.once('end', () => resolve(Buffer.concat(chunks, size)))
    request.once('error', reject)
  })
}

function refuseTooLarge(response: ServerResponse, limit: number) {
  send(
    response,
    errorAnswer(413, 'payload_too_large', `Deliveries larger than ${limit} bytes are refused.`),
    true,
  )
}

/** Answers; `close` ends the connection, for a request whose body was not (all) read. */
function send(response: ServerResponse, answer: IntakeAnswer, close = false) {
  const text = answer.body === undefined ? '' : JSON.stringify(answer.body)
  response.statusCode = answer.status
  if (text) response.setHeader('content-type', 'application/json')
  if (close) response.setHeader('connection', 'close')
  response.end(text)
}
