/**
 * The checks every request to web mode passes before any handler runs. Each is decided on what the
 * server actually received and on the route its router actually matched, never on a second parse of
 * the URL: a router that decodes `%62ridge` to `bridge` or takes the path out of
 * `http://host/bridge/...` must not meet a check that reads the raw string differently.
 *
 *   1. The request target is origin-form (`/path`). Absolute-form (`http://host/path`) names its own
 *      authority, which would overrule the Host header; browsers never send it to a server that is
 *      not a proxy, so it is refused whatever origin it names. So is `OPTIONS *`.
 *   2. Exactly one Host header, naming this server (DNS rebinding: a page whose name now resolves to
 *      127.0.0.1 still sends its own name).
 *   3. The token, on every route not registered as public. Default-deny: the bridge's routes, routes
 *      added later, and requests no route matched all need it; only the renderer's files do not.
 */
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { CONTENT_SECURITY_POLICY_HEADER } from '../shared/content-security-policy'
import { formatHost } from '../shared/origin'
import { webAuthHeader, webAuthScheme } from '../shared/web-protocol'
import { refuse } from './web-errors'

export interface RequestGuardOptions {
  token: string
  /** The Host header values this server answers to; known once it listens. */
  allowedHosts(): ReadonlySet<string>
}

/** Marks a route as needing no token (see registerPublicRoutes). */
const PUBLIC_ROUTE = 'webModePublicRoute'

/** Adds the checks above to every request of `app`. */
export function guardRequests(app: FastifyInstance, options: RequestGuardOptions): void {
  const expected = Buffer.from(`${webAuthScheme} ${options.token}`)
  const hasToken = (request: FastifyRequest) => {
    // Node keeps only the first of repeated Authorization headers; refuse the ambiguity instead.
    const given = headerValues(request.raw.rawHeaders, webAuthHeader)
    if (given.length !== 1) return false
    const value = Buffer.from(given[0] as string)
    return value.length === expected.length && timingSafeEqual(value, expected)
  }

  app.addHook('onRequest', async (request, reply) => {
    setSecurityHeaders(reply)
    if (!request.raw.url?.startsWith('/'))
      return refuse(
        reply,
        400,
        'bad_request_target',
        'Web mode accepts only a path as the request target, not an absolute URL.',
      )
    // Node keeps only the first of repeated Host headers; HTTP says to refuse them (RFC 9112 3.2).
    const hosts = headerValues(request.raw.rawHeaders, 'host')
    if (hosts.length !== 1)
      return refuse(reply, 400, 'bad_host', 'A request must carry exactly one Host header.')
    if (!options.allowedHosts().has((hosts[0] as string).toLowerCase()))
      return refuse(reply, 421, 'wrong_host', 'Unknown host.')
    if (!isPublicRoute(request) && !hasToken(request))
      return refuse(
        reply,
        401,
        'unauthorized',
        'Open the link web mode printed: it carries the access token.',
      )
  })
}

/**
 * Registers routes that need no token: every route `register` adds, and only those, is marked
 * public on the route itself, so the mark travels with whatever the router matches.
 */
export async function registerPublicRoutes(
  app: FastifyInstance,
  register: (scope: FastifyInstance) => Promise<void>,
): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, [PUBLIC_ROUTE]: true } as typeof route.config
    })
    await register(scope)
  })
}

function isPublicRoute(request: FastifyRequest): boolean {
  return (
    (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[PUBLIC_ROUTE] === true
  )
}

/**
 * The Host header values a browser on this machine sends to this server: its address as written in
 * a URL, or `localhost`, with the port (and without it on port 80, where browsers leave it out).
 * Compared lowercased; nothing else (no trailing dot, no other spelling of the address).
 */
export function allowedHostHeaders(host: string, port: number): Set<string> {
  const names = [formatHost(host).toLowerCase(), 'localhost']
  const allowed = new Set(names.map((name) => `${name}:${port}`))
  if (port === 80) for (const name of names) allowed.add(name)
  return allowed
}

/** Every value of a header as it arrived, repeats included (Node's parsed headers drop them). */
function headerValues(rawHeaders: string[], name: string): string[] {
  const values: string[] = []
  for (let index = 0; index < rawHeaders.length; index += 2)
    if (rawHeaders[index]?.toLowerCase() === name) values.push(rawHeaders[index + 1] ?? '')
  return values
}

function setSecurityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY_HEADER)
  reply.header('x-content-type-options', 'nosniff')
  reply.header('referrer-policy', 'no-referrer')
  reply.header('cross-origin-opener-policy', 'same-origin')
}
