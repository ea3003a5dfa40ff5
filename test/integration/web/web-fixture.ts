/**
 * Web mode's server over real HTTP with spies on what matters for its guards: every call that
 * reaches the bridge's dispatcher and every subscription to its event bus. Plus a raw-socket HTTP
 * client, because a client library would normalise the very request targets these tests send.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDispatcher, type Dispatch } from '../../../src/main/core/dispatch'
import { createEventBus, type EventBus } from '../../../src/main/core/events'
import { startWebServer, type WebServer } from '../../../src/web/server'
import { stubCommandHandlers } from '../../support/fixtures'

const handlers = stubCommandHandlers()

/** A dotfile in the renderer folder: it must never be served, with or without the token. */
export const DOTFILE_SECRET = 'dotfile-secret-7f3a'

export interface SpiedWebServer {
  server: WebServer
  port: number
  token: string
  /** `Host: <this server>` as a browser would send it. */
  host: string
  /** Names of the commands that reached the dispatcher, in order. */
  dispatched: string[]
  /** How many times the event stream subscribed to the event bus. */
  subscriptions(): number
  /** Subscriptions not yet ended. */
  activeSubscriptions(): number
  /** The event bus the server streams from. */
  events: EventBus
  /** Dispatches plus subscriptions: anything that got past the guards to a bridge handler. */
  reached(): number
  close(): Promise<void>
}

/** Starts web mode's server on a renderer folder of its own (index.html, an asset and a dotfile). */
export async function startSpiedWebServer(options: { host?: string } = {}): Promise<SpiedWebServer> {
  const rendererDir = await mkdtemp(join(tmpdir(), 'robodeck-web-renderer-'))
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Robodeck</title>')
  await mkdir(join(rendererDir, 'assets'))
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log("app")')
  await writeFile(join(rendererDir, '.env'), DOTFILE_SECRET)

  const dispatched: string[] = []
  const realDispatch = createDispatcher(handlers, () => {})
  const dispatch: Dispatch = (name, request) => {
    dispatched.push(name)
    return realDispatch(name, request)
  }
  const bus = createEventBus()
  let subscriptions = 0
  let active = 0
  const events: EventBus = {
    emit: bus.emit,
    subscribe(listener) {
      subscriptions += 1
      active += 1
      const unsubscribe = bus.subscribe(listener)
      let done = false
      return () => {
        if (!done) active -= 1
        done = true
        unsubscribe()
      }
    },
  }
  let server: WebServer
  try {
    server = await startWebServer({ rendererDir, dispatch, events, host: options.host })
  } catch (error) {
    await rm(rendererDir, { recursive: true, force: true })
    throw error
  }
  const url = new URL(server.url)
  return {
    server,
    port: Number(url.port),
    token: url.hash.replace('#token=', ''),
    host: url.host,
    dispatched,
    subscriptions: () => subscriptions,
    activeSubscriptions: () => active,
    events,
    reached: () => dispatched.length + subscriptions,
    async close() {
      await server.close()
      await rm(rendererDir, { recursive: true, force: true })
    },
  }
}

export interface RawResponse {
  /** 0 when the server closed the connection without answering. */
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * Sends `request` byte for byte on a new connection and reads until the server closes it (send
 * `Connection: close`). An event stream never closes: it is read up to its first message and then
 * dropped. `timeoutMs` only ends a server that hangs, which the caller's assertions then show.
 */
export function rawRequest(
  port: number,
  request: string | Buffer,
  options: { address?: string; timeoutMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = connect({ port, host: options.address ?? '127.0.0.1' }, () => socket.write(request))
    const timer = setTimeout(() => socket.destroy(), options.timeoutMs ?? 10_000)
    socket.on('data', (chunk) => {
      chunks.push(chunk)
      const text = Buffer.concat(chunks).toString('latin1')
      const headEnd = text.indexOf('\r\n\r\n')
      if (headEnd < 0 || !/^content-type: text\/event-stream/im.test(text.slice(0, headEnd))) return
      if (text.indexOf('\n\n', headEnd + 4) >= 0) socket.destroy()
    })
    // A reset after the answer (the server closing a half-read request) is not a failure here.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(parseResponse(Buffer.concat(chunks).toString('latin1')))
    })
  })
}

function parseResponse(text: string): RawResponse {
  const headEnd = text.indexOf('\r\n\r\n')
  if (headEnd < 0) return { status: 0, headers: {}, body: text }
  const [statusLine = '', ...lines] = text.slice(0, headEnd).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const raw = text.slice(headEnd + 4)
  const body = headers['transfer-encoding'] === 'chunked' ? dechunk(raw) : raw
  return { status: Number(statusLine.split(' ')[1]), headers, body: Buffer.from(body, 'latin1').toString() }
}

/** Decodes a chunked body, as far as it arrived. */
function dechunk(raw: string): string {
  let out = ''
  let at = 0
  while (at < raw.length) {
    const lineEnd = raw.indexOf('\r\n', at)
    if (lineEnd < 0) break
    const size = Number.parseInt(raw.slice(at, lineEnd), 16)
    if (!size) break
    out += raw.slice(lineEnd + 2, lineEnd + 2 + size)
    at = lineEnd + 2 + size + 2
  }
  return out
}

/** A raw HTTP/1.1 request with `Connection: close`; `headers` are sent as given, repeats included. */
export function httpRequest(method: string, target: string, headers: [string, string][], body = ''): string {
  const lines = [`${method} ${target} HTTP/1.1`, ...headers.map(([name, value]) => `${name}: ${value}`)]
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`)
  lines.push('Connection: close')
  return `${lines.join('\r\n')}\r\n\r\n${body}`
}

/** `{ok:false,error:{code,message}}`, web mode's one error shape. */
export function isWebErrorBody(text: string): boolean {
  try {
    const body = JSON.parse(text) as { ok?: unknown; error?: { code?: unknown; message?: unknown } }
    return (
      body.ok === false && typeof body.error?.code === 'string' && typeof body.error?.message === 'string'
    )
  } catch {
    return false
  }
}
