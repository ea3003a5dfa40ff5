/** Builds the room's fastify app: body parsing, error shapes, auth and the API v1 routes. */
import Fastify, { type FastifyInstance } from 'fastify'
import { installAuth } from './auth'
import { API_PREFIX, type RoomContext } from './context'
import { apiError, installErrorHandlers, renderFrameworkError } from './errors'
import { registerProcessRunRoutes } from './routes/process-runs'
import { registerProcessRoutes } from './routes/processes'
import { registerWorkspaceRoutes } from './routes/workspaces'

/** Largest request body accepted (fastify's default, stated here because docs/localroom.md promises it). */
export const BODY_LIMIT_BYTES = 1024 * 1024

/** Creates the fastify instance for a room (not yet listening). */
export function buildApp(ctx: RoomContext): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Keep-alive clients must not hold close() open.
    forceCloseConnections: true,
    return503OnClosing: true,
    exposeHeadRoutes: false,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: renderFrameworkError,
  })
  installErrorHandlers(app, ctx.log)

  // The spec makes the start-run body optional, so `Content-Type: application/json` with an empty body
  // means "no body", not a parse error.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  // JSON only: any other content type (text/plain included) is a 415.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    if (text.trim() === '') {
      done(null, undefined)
      return
    }
    parseJson(request, text, done)
  })

  app.register(
    async (api) => {
      installAuth(api, ctx, API_PREFIX)
      // Within the API, the auth hook above runs before this handler: without a valid key nothing
      // under /api/v1 tells a caller which routes exist.
      api.setNotFoundHandler(async (request) => {
        const path = (request.url.split('?')[0] ?? '').slice(0, 200)
        throw apiError(404, 'not_found', `No route ${request.method} ${path}`)
      })
      registerWorkspaceRoutes(api, ctx)
      registerProcessRoutes(api, ctx)
      registerProcessRunRoutes(api, ctx)
    },
    { prefix: API_PREFIX },
  )
  return app
}
