/**
 * A TCP proxy in front of a real server that a test turns faulty: it passes bytes through, or
 * refuses connections (its port closed), or answers every request itself with a 500, a 429 with
 * Retry-After, a body cut short, a body that is not JSON, or nothing at all (a hang). Each change
 * of mode drops the open connections, so a client's pooled keep-alive socket meets the new fault.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'

export type FaultMode = 'pass' | 'refuse' | 'error500' | 'rate429' | 'hang' | 'truncate' | 'garbage'

export interface FaultProxy {
  /** http://127.0.0.1:<port> */
  origin: string
  mode(mode: FaultMode): Promise<void>
  /** Where 'pass' forwards to (the room moved to another port after a restart). */
  setUpstream(port: number): void
  /** Requests (connections for 'pass') seen since the last reset. */
  requests(): number
  resetCount(): void
  close(): Promise<void>
}

const respond = (head: string, body: string, declaredLength = Buffer.byteLength(body)) =>
  `${head}\r\nContent-Type: application/json\r\nContent-Length: ${declaredLength}\r\nConnection: close\r\n\r\n${body}`

export async function startFaultProxy(upstreamPort: number, retryAfterSeconds = 2): Promise<FaultProxy> {
  let upstream = upstreamPort
  let current: FaultMode = 'pass'
  let count = 0
  const sockets = new Set<Socket>()

  const onConnection = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    if (current === 'pass') {
      count++
      const out = connect(upstream, '127.0.0.1')
      sockets.add(out)
      out.on('close', () => sockets.delete(out))
      out.on('error', () => socket.destroy())
      socket.pipe(out).pipe(socket)
      return
    }
    // A fault: answer each request (on its first bytes) as the mode says.
    socket.on('data', () => {
      count++
      switch (current) {
        case 'error500':
          socket.end(
            respond('HTTP/1.1 500 Internal Server Error', '{"error":{"code":"internal","message":"boom"}}'),
          )
          break
        case 'rate429':
          socket.end(
            respond(
              `HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${retryAfterSeconds}`,
              '{"error":{"code":"rate_limited","message":"slow down"}}',
            ),
          )
          break
        case 'truncate':
          socket.write(respond('HTTP/1.1 200 OK', '{"data":[{"id":"', 4096))
          setTimeout(() => socket.destroy(), 20)
          break
        case 'garbage':
          socket.end(respond('HTTP/1.1 200 OK', '<html>this is not json</html>'))
          break
        default: // hang: read the request, never answer
      }
    })
  }

  let server: Server = createServer(onConnection)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const port = (server.address() as { port: number }).port

  const dropAll = () => {
    for (const socket of sockets) socket.destroy()
    sockets.clear()
  }
  const closeServer = () =>
    new Promise<void>((done) => {
      if (!server.listening) return done()
      server.close(() => done())
      dropAll()
    })

  return {
    origin: `http://127.0.0.1:${port}`,
    async mode(mode) {
      dropAll()
      if (mode === 'refuse') await closeServer()
      else if (!server.listening) {
        server = createServer(onConnection)
        await new Promise<void>((done) => server.listen(port, '127.0.0.1', done))
      }
      current = mode
    },
    setUpstream(next) {
      upstream = next
    },
    requests: () => count,
    resetCount() {
      count = 0
    },
    close: closeServer,
  }
}
