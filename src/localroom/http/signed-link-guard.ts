/**
 * The guard of the `signed-link` routes (downloads and upload targets, route-definition.ts): on
 * `onRequest`, before fastify reads a byte of the body, the raw path must be unambiguous
 * (signed-urls.ts refuseAmbiguousPath) and the query must carry the signature of the canonical path
 * the route's own builder makes from the parameters the router matched. A stranger's 64 MiB upload
 * therefore costs a header parse, not 64 MiB of memory.
 */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'
import { routeConfig } from './route-definition'
import { refuseAmbiguousPath } from './signed-urls'

/** Installs the guard on a fastify scope. */
export function installSignedLinkGuard(scope: FastifyInstance, ctx: RoomContext): void {
  scope.addHook('onRequest', async (request) => {
    const config = routeConfig(request)
    if (config?.auth !== 'signed-link' || !config.signedLink) return
    refuseAmbiguousPath(request.url)
    const params = request.params as Readonly<Record<string, string>>
    ctx.urls.verify(config.signedLink.method ?? request.method, config.signedLink.path(params), request.query)
  })
}
