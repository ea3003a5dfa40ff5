/**
 * A webhook receiver for tests: a real HTTP server on 127.0.0.1 that keeps every request (raw body,
 * headers, parsed JSON) and answers as the test says: a status, or 'hang' (never answers; the socket
 * is closed by close()).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders
  /** The body exactly as received (what the signature covers). */
  raw: Buffer
  // biome-ignore lint/suspicious/noExplicitAny: envelopes are asserted field by field in tests
  body: any
  path: string
  receivedAt: number
  /** Date.now() when it arrived (to compare with the envelope's webhookEventTimestamp). */
  receivedWallMs: number
  /** What it was answered ('hang': nothing). */
  answered?: number | 'hang'
}

/** What to answer to the n-th request (0-based): an HTTP status, or 'hang'. */
export type Answer = (delivery: ReceivedDelivery, index: number) => number | 'hang'

export interface WebhookReceiver {
  /** http://127.0.0.1:<port>/hook */
  url: string
  port: number
  deliveries: ReceivedDelivery[]
  /** Connections open right now, and the most open at once so far. */
  openConnections(): number
  maxOpenConnections(): number
  /** Changes how later requests are answered. */
  answer(next: Answer): void
  /** Resolves once `count` requests have arrived (rejects after timeoutMs). */
  waitForCount(count: number, timeoutMs?: number): Promise<ReceivedDelivery[]>
  close(): Promise<void>
}

/** Starts a receiver (on `port` when given, e.g. to come back on the same address after a restart). */
export async function startReceiver(answer: Answer = () => 200, port = 0): Promise<WebhookReceiver> {
  let respond = answer
  const deliveries: ReceivedDelivery[] = []
  const sockets = new Set<Socket>()
  const hanging = new Set<ServerResponse>()
  let maxOpen = 0
  const waiters = new Set<() => void>()
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const raw = Buffer.concat(chunks)
      let body: unknown
      try {
        body = JSON.parse(raw.toString('utf8'))
      } catch {
        body = undefined
      }
      const delivery: ReceivedDelivery = {
        headers: request.headers,
        raw,
        body,
        path: request.url ?? '',
        receivedAt: performance.now(),
        receivedWallMs: Date.now(),
      }
      const index = deliveries.length
      deliveries.push(delivery)
      for (const waiter of waiters) waiter()
      const status = respond(delivery, index)
      delivery.answered = status
      if (status === 'hang') {
        hanging.add(response)
        return
      }
      response.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${status}`)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    maxOpen = Math.max(maxOpen, sockets.size)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done))
  const actualPort = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${actualPort}/hook`,
    port: actualPort,
    deliveries,
    openConnections: () => sockets.size,
    maxOpenConnections: () => maxOpen,
    answer(next) {
      respond = next
    },
    waitForCount(count, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (deliveries.length < count) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve(deliveries)
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`receiver got ${deliveries.length} of ${count} deliveries within ${timeoutMs} ms`))
        }, timeoutMs)
        waiters.add(check)
        check()
      })
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      hanging.clear()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}
