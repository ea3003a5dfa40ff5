/**
 * Web mode's HTTP server: serves the built renderer and carries the bridge (commands as POST,
 * events as a server-sent event stream) behind a random per-start token, on loopback only. What a
 * request must carry to reach anything is decided in one place, request-guards.ts.
 */
import { randomBytes } from 'node:crypto'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyError } from 'fastify'
import type { Dispatch } from '../main/core/dispatch'
import type { EventBus } from '../main/core/events'
import { formatOrigin } from '../shared/origin'
import { webCommandPath, webEventsPath, webTokenFragmentKey } from '../shared/web-protocol'
import { openEventStream } from './event-stream'
import { allowedHostHeaders, guardRequests, registerPublicRoutes } from './request-guards'
import {
  answerClientError,
  answerError,
  answerFrameworkError,
  rawResponse,
  refuse,
  webError,
} from './web-errors'

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

const MAX_BODY_BYTES = 1024 * 1024

/** Starts the web mode server. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1'
  const token = randomBytes(32).toString('base64url')
  const app = Fastify({
    bodyLimit: MAX_BODY_BYTES,
    logger: false,
    // The Host check is ours (request-guards.ts), so a request without one gets the same error body.
    http: { requireHostHeader: false },
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, _request, reply) => answerFrameworkError(error, reply),
  })
  /** Ends each open event stream. */
  const streams = new Set<() => void>()
  let allowedHosts: ReadonlySet<string> = new Set()

  guardRequests(app, { token, allowedHosts: () => allowedHosts })
  app.setErrorHandler<FastifyError>((error, _request, reply) => answerError(error, reply))
  app.setNotFoundHandler((_request, reply) => refuse(reply, 404, 'not_found', 'There is nothing here.'))
  // A CONNECT request never reaches Fastify; Node would drop the connection without an answer.
  app.server.on('connect', (_request, socket) => {
    socket.end(rawResponse(405, webError('method_not_allowed', 'Web mode is not a proxy.')), () =>
      socket.destroy(),
    )
  })

  app.post<{ Params: { name: string } }>(webCommandPath(':name'), async (request) =>
    options.dispatch(request.params.name, request.body),
  )

  // No HEAD twin: a HEAD would subscribe to a stream whose body it never reads.
  app.get(webEventsPath, { exposeHeadRoute: false }, (request, reply) => {
    const end = openEventStream(request, reply, options.events)
    streams.add(end)
    request.raw.on('close', () => streams.delete(end))
  })

  // One route per file of the built renderer, found at start (wildcard: false): nothing outside
  // those files is served, whatever a path decodes to, and dotfiles get no route at all.
  await registerPublicRoutes(app, async (scope) => {
    await scope.register(fastifyStatic, {
      root: options.rendererDir,
      index: 'index.html',
      wildcard: false,
      dotfiles: 'deny',
      cacheControl: false,
    })
  })

  await app.listen({ host, port: options.port ?? 0 })
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('web mode did not get a TCP port')
  const origin = formatOrigin(host, address.port)
  allowedHosts = allowedHostHeaders(host, address.port)

  return {
    url: `${origin}/#${webTokenFragmentKey}=${token}`,
    origin,
    async close() {
      for (const end of streams) end()
      await app.close()
    },
  }
}
