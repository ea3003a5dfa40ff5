/**
 * HTTP/1.1 over a raw node:net socket, for requests a client library would rewrite: backslashes,
 * dot segments and percent-encodings go on the wire exactly as written, and a body can be announced
 * (Content-Length) and sent piece by piece, or never, to see what the server does before it has it.
 */
import { connect } from 'node:net'

export interface RawResponse {
  status: number
  /** Header names lower-cased. */
  headers: Record<string, string>
  body: string
}

export interface RawRequestHead {
  method: string
  /** The request target exactly as it goes on the wire (path and query, or absolute form). */
  target: string
  headers?: Record<string, string>
  /** The Content-Length to announce (omitted when undefined). */
  contentLength?: number
  timeoutMs?: number
}

export interface OpenRawRequest {
  /** Writes body bytes; resolves once the socket has taken them. */
  write(chunk: Buffer | string): Promise<void>
  /** Whether the connection has ended (closed or reset by the server, or aborted here). */
  closed(): boolean
  /** Destroys the connection (a client that goes away mid-body, or one done with it). */
  abort(): void
  /** The server's answer (rejects on timeout, or when the connection ends without one). */
  response: Promise<RawResponse>
}

/**
 * Opens a connection (keep-alive, as browsers send) and sends a request's head; the body is up to
 * the caller, and so is closing the connection (abort) once done with it.
 */
export function openRawRequest(origin: string, head: RawRequestHead): OpenRawRequest {
  const { hostname, port } = new URL(origin)
  const headers: Record<string, string> = {
    host: `${hostname}:${port}`,
    ...head.headers,
  }
  if (head.contentLength !== undefined) headers['content-length'] = String(head.contentLength)
  const text = `${head.method} ${head.target} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`
  const socket = connect(Number(port), hostname)
  socket.write(text)
  let received = Buffer.alloc(0)
  let isClosed = false

  const response = new Promise<RawResponse>((resolve, reject) => {
    let settled = false
    const timeoutMs = head.timeoutMs ?? 10_000
    const settle = (outcome: RawResponse | Error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (outcome instanceof Error) reject(outcome)
      else resolve(outcome)
    }
    const timer = setTimeout(() => {
      socket.destroy()
      settle(new Error(`no response within ${timeoutMs} ms to ${head.method} ${head.target}`))
    }, timeoutMs)
    const answer = (complete: boolean) => {
      const headerEnd = received.indexOf('\r\n\r\n')
      if (headerEnd < 0)
        return complete ? settle(new Error('connection closed without a response')) : undefined
      const parsed = parseHead(received.subarray(0, headerEnd).toString('latin1'))
      const body = received.subarray(headerEnd + 4)
      // 204 and 304 answers have no body; others here carry a Content-Length (or end with the connection).
      const bodiless = parsed.status === 204 || parsed.status === 304
      const length = bodiless ? 0 : Number(parsed.headers['content-length'] ?? Number.NaN)
      if (Number.isFinite(length) && body.length >= length)
        return settle({ ...parsed, body: body.subarray(0, length).toString('utf8') })
      if (complete) settle({ ...parsed, body: body.toString('utf8') })
    }
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      answer(false)
    })
    socket.on('close', () => {
      isClosed = true
      answer(true)
    })
    // A server that answers and closes while the client still writes resets the connection: what
    // arrived by then is the answer ('close' follows and settles it).
    socket.on('error', () => {})
  })

  return {
    write: (chunk) =>
      new Promise((resolve, reject) => {
        if (isClosed || socket.destroyed) return reject(new Error('the connection is closed'))
        socket.write(chunk, (error) => (error ? reject(error) : resolve()))
      }),
    closed: () => isClosed || socket.destroyed,
    abort: () => socket.destroy(),
    response,
  }
}

/** Sends one request with its whole body (or only `body` of an announced `contentLength`). */
export async function rawRequest(
  origin: string,
  head: RawRequestHead & { body?: Buffer | string },
): Promise<RawResponse> {
  const body = typeof head.body === 'string' ? Buffer.from(head.body) : head.body
  const request = openRawRequest(origin, {
    ...head,
    contentLength: head.contentLength ?? body?.length,
  })
  if (body && body.length > 0) request.write(body).catch(() => {})
  try {
    return await request.response
  } finally {
    request.abort()
  }
}

function parseHead(text: string): { status: number; headers: Record<string, string> } {
  const [statusLine = '', ...lines] = text.split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { status: Number(statusLine.split(' ')[1]), headers }
}

/** The target (path and query) of a link the room handed out, for use as a raw request target. */
export function targetOf(link: string): string {
  const url = new URL(link)
  return `${url.pathname}${url.search}`
}
