/**
 * Web mode's HTTP server: serves the built renderer and carries the bridge (commands as POST,
 * events as a server-sent event stream) behind a random per-start token, on loopback only.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Dispatch } from '../main/core/dispatch'
import type { EventBus } from '../main/core/events'
import { CONTENT_SECURITY_POLICY_HEADER } from '../shared/content-security-policy'
import { webAuthScheme, webCommandPath, webEventsPath, webTokenFragmentKey } from '../shared/web-protocol'

export interface WebServerOptions {
  rendererDir: string
  dispatch: Dispatch
  events: EventBus
  host?: string
  port?: number
}

export interface WebServer {
  /** The address to open, token in the fragment: http://127.0.0.1:P/#token=T */
  url: string
  origin: string
  close(): Promise<void>
}

const HEARTBEAT_MS = 15_000
const MAX_BODY_BYTES = 1024 * 1024

/** Starts the web mode server. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1'
  const token = randomBytes(32).toString('base64url')
  const expected = Buffer.from(`${webAuthScheme} ${token}`)
  const app = Fastify({ bodyLimit: MAX_BODY_BYTES, logger: false })
  const streams = new Set<FastifyReply>()
  let allowedHosts = new Set<string>()

  const authorized = (request: FastifyRequest) => {
    const given = Buffer.from(request.headers.authorization ?? '')
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  app.addHook('onRequest', async (request, reply) => {
    // A page on another site that rebinds its DNS name to 127.0.0.1 still sends its own Host.
    if (!allowedHosts.has(request.headers.host ?? '')) {
      return reply.code(421).send({ ok: false, error: { code: 'wrong_host', message: 'Unknown host.' } })
    }
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY_HEADER)
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'no-referrer')
    reply.header('cross-origin-opener-policy', 'same-origin')
    if (request.url.startsWith('/bridge/') && !authorized(request)) {
      return reply.code(401).send({
        ok: false,
        error: {
          code: 'unauthorized',
          message: 'Open the link web mode printed: it carries the access token.',
        },
      })
    }
  })

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    const message = status === 500 ? 'Web mode failed to answer.' : error.message
    if (status === 500) console.error('web mode request failed', error)
    void reply.code(status).send({ ok: false, error: { code: error.code ?? 'bad_request', message } })
  })

  app.post<{ Params: { name: string } }>(webCommandPath(':name'), async (request) =>
    options.dispatch(request.params.name, request.body),
  )

  app.get(webEventsPath, (request, reply) => {
    reply.hijack()
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    })
    reply.raw.write(': connected\n\n')
    const unsubscribe = options.events.subscribe((event) => {
      reply.raw.write(`event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`)
    })
    const heartbeat = setInterval(() => reply.raw.write(': heartbeat\n\n'), HEARTBEAT_MS)
    streams.add(reply)
    request.raw.on('close', () => {
      clearInterval(heartbeat)
      unsubscribe()
      streams.delete(reply)
    })
  })

  await app.register(fastifyStatic, { root: options.rendererDir, index: 'index.html', cacheControl: false })

  await app.listen({ host, port: options.port ?? 0 })
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('web mode did not get a TCP port')
  const origin = `http://${host}:${address.port}`
  allowedHosts = new Set([`${host}:${address.port}`, `localhost:${address.port}`])

  return {
    url: `${origin}/#${webTokenFragmentKey}=${token}`,
    origin,
    async close() {
      for (const stream of streams) stream.raw.end()
      await app.close()
    },
  }
}
