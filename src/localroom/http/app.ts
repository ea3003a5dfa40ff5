/**
 * Builds the room's fastify app: body parsing, error shapes, and its scopes, each with its guard:
 * the API v1 and the legacy Process API (RC-WSKEY), the management API and the token vendor (user
 * access credentials), the robot-side work item API (a step run's token), and the public routes
 * (documentation, signed file links).
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import {
  API_PREFIX,
  LEGACY_PROCESS_PREFIX,
  MANAGEMENT_PREFIX,
  type RoomContext,
  TOKEN_VENDOR_PREFIX,
} from '../context'
import { awaitsBodySignature, installCredentialAuth } from '../credentials/credential-auth'
import { registerAssetRoutes } from '../routes/api-v1/assets'
import { registerNotImplementedRoutes } from '../routes/api-v1/not-implemented'
import { registerProcessRunRoutes } from '../routes/api-v1/process-runs'
import { registerProcessRoutes } from '../routes/api-v1/processes'
import { registerRunOutputRoutes } from '../routes/api-v1/run-outputs'
import { registerStepRunRoutes } from '../routes/api-v1/step-runs'
import { registerTaskPackageRoutes } from '../routes/api-v1/task-packages'
import { registerWebhookRoutes } from '../routes/api-v1/webhooks'
import { registerWorkItemRoutes } from '../routes/api-v1/work-items'
import { registerWorkerRoutes } from '../routes/api-v1/workers'
import { registerWorkspaceRoutes } from '../routes/api-v1/workspaces'
import { registerDocsRoutes } from '../routes/docs'
import { registerAssetFileRoutes } from '../routes/files/asset-files'
import { registerRunFileRoutes } from '../routes/files/run-files'
import { registerTaskPackageFileRoutes } from '../routes/files/task-package-files'
import { registerWorkItemDownloadRoutes } from '../routes/files/work-item-downloads'
import { JSON_V1_PREFIX, registerRobotWorkItemDataRoutes } from '../routes/json-v1/robot-work-item-data'
import { registerLegacyProcessRoutes } from '../routes/legacy/process-v1'
import { registerRobotWorkItemRoutes } from '../routes/legacy/robot-work-items'
import { registerApiKeyRoutes } from '../routes/management/api-keys'
import { registerManagedProcessRoutes } from '../routes/management/processes'
import { registerManagedRobotRoutes } from '../routes/management/robots'
import { registerUserCredentialRoutes } from '../routes/management/user-credentials'
import { registerManagedWebhookRoutes } from '../routes/management/webhooks'
import { registerTokenVendorRoutes } from '../routes/token-vendor/token-vendor'
import { installAuth } from './auth'
import { installEarlyReplyRule } from './early-reply'
import { apiError, installErrorHandlers, renderClientError, renderFrameworkError } from './errors'
import { jsonBodyParser } from './json-body'
import { installRobotTokenAuth } from './robot-token-auth'
import { installSignedLinkGuard } from './signed-link-guard'

/** Largest request body accepted (fastify's default, stated here because docs/localroom.md promises it). */
export const BODY_LIMIT_BYTES = 1024 * 1024

/** The 404 for a path no route serves. */
function noRoute(request: FastifyRequest) {
  const path = (request.url.split('?')[0] ?? '').slice(0, 200)
  return apiError(404, 'not_found', `No route ${request.method} ${path}`)
}

/** Answers 404 in a scope whose guard has already run (so only a proven caller learns a path is unknown). */
function notFoundAfterGuard(api: FastifyInstance) {
  api.setNotFoundHandler(async (request) => {
    throw noRoute(request)
  })
}

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
    clientErrorHandler: renderClientError,
  })
  installErrorHandlers(app, ctx.log, (error) => ctx.storage.notice(error))

  const parseJson = jsonBodyParser(app)
  // JSON only: any other content type (text/plain included) is a 415, unless a route adds its own.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    parseJson(request, typeof body === 'string' ? body : body.toString('utf8'), done),
  )

  installEarlyReplyRule(app)
  // A path no route serves is answered before its body is read: after the scope's guard (onRequest),
  // so a stranger still learns nothing, but without taking in a body nobody will use. Except where
  // the guard's signature covers the body (user credentials): that is checked first.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    if (request.is404 && !awaitsBodySignature(request)) done(noRoute(request))
    else done(null, payload)
  })

  app.register(
    async (api) => {
      installAuth(api, ctx)
      notFoundAfterGuard(api)
      registerWorkspaceRoutes(api, ctx)
      registerProcessRoutes(api, ctx)
      registerProcessRunRoutes(api, ctx)
      registerStepRunRoutes(api, ctx)
      registerWorkItemRoutes(api, ctx)
      registerRunOutputRoutes(api, ctx)
      registerWebhookRoutes(api, ctx)
      registerAssetRoutes(api, ctx)
      registerWorkerRoutes(api, ctx)
      registerTaskPackageRoutes(api, ctx)
      // Last: everything of the spec the room does not serve answers 501.
      registerNotImplementedRoutes(api, ctx)
    },
    { prefix: API_PREFIX },
  )
  app.register(
    async (legacy) => {
      installAuth(legacy, ctx)
      installRobotTokenAuth(legacy, ctx, false)
      notFoundAfterGuard(legacy)
      registerLegacyProcessRoutes(legacy, ctx)
      registerRobotWorkItemRoutes(legacy, ctx)
    },
    { prefix: LEGACY_PROCESS_PREFIX },
  )
  // The work item data API robots call with their step run's token (robot-token-auth.ts).
  app.register(
    async (robot) => {
      installRobotTokenAuth(robot, ctx, true)
      notFoundAfterGuard(robot)
      registerRobotWorkItemDataRoutes(robot, ctx)
    },
    { prefix: JSON_V1_PREFIX },
  )
  app.register(
    async (management) => {
      installCredentialAuth(management, ctx)
      notFoundAfterGuard(management)
      registerApiKeyRoutes(management, ctx)
      registerUserCredentialRoutes(management, ctx)
      registerManagedWebhookRoutes(management, ctx)
      registerManagedProcessRoutes(management, ctx)
      registerManagedRobotRoutes(management, ctx)
    },
    { prefix: MANAGEMENT_PREFIX },
  )
  app.register(
    async (tokenVendor) => {
      installCredentialAuth(tokenVendor, ctx)
      notFoundAfterGuard(tokenVendor)
      registerTokenVendorRoutes(tokenVendor, ctx)
    },
    { prefix: TOKEN_VENDOR_PREFIX },
  )
  // Signed links (checked by their guard before any body is read) and the documentation page.
  app.register(async (open) => {
    installSignedLinkGuard(open, ctx)
    registerRunFileRoutes(open, ctx)
    registerAssetFileRoutes(open, ctx)
    registerTaskPackageFileRoutes(open, ctx)
    registerWorkItemDownloadRoutes(open, ctx)
    registerDocsRoutes(open, ctx)
  })
  return app
}
