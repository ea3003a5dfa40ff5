/**
 * The guard of the `robot-token` routes (the robot-side work item API): on `onRequest`, before a
 * byte of the body is read, the `Authorization: Bearer <token>` must be a live step run token
 * (runs/robot-tokens.ts), and every id in the path that names a workspace, process, process run or
 * step run must be the token's own. 401 for a missing, unknown or ended token, 403 for another
 * run's path. Which items the token reaches is the handlers' check (an item not its own is a 404).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { RoomContext } from '../context'
import type { RobotGrant } from '../runs/robot-tokens'
import { forbidden, unauthorized } from './errors'
import { routeConfig } from './route-definition'

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i

/** Path parameters a grant must match, and the grant field each names. */
const OWN_IDS: readonly [string, keyof RobotGrant][] = [
  ['workspace_id', 'workspaceId'],
  ['process_id', 'processId'],
  ['run_id', 'processRunId'],
  ['step_run_id', 'stepRunId'],
]

const grants = new WeakMap<FastifyRequest, RobotGrant>()

/** The grant the guard found for a request (only set on `robot-token` routes). */
export function robotGrant(request: FastifyRequest): RobotGrant {
  const grant = grants.get(request)
  if (!grant) throw unauthorized('A robot token is required')
  return grant
}

/**
 * Installs the guard on a scope. `ownsScope`: every path of the scope is a robot path, so a path no
 * route serves is answered only after the token is proven (as the other scopes do).
 */
export function installRobotTokenAuth(api: FastifyInstance, ctx: RoomContext, ownsScope: boolean): void {
  api.addHook('onRequest', async (request) => {
    const config = routeConfig(request)
    if (config ? config.auth !== 'robot-token' : !ownsScope) return
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1]
    if (!token)
      throw unauthorized('Missing or malformed Authorization header: expected "Bearer <robot token>"')
    const grant = ctx.runner.tokens.find(token)
    if (!grant) throw unauthorized('The robot token is not valid, or its step run has ended')
    if (request.is404 || !config) return
    const params = request.params as Record<string, string | undefined>
    for (const [param, field] of OWN_IDS) {
      const value = params[param]
      if (value !== undefined && value !== grant[field])
        throw forbidden(`The robot token does not reach this ${param.replace(/_id$/, '').replace('_', ' ')}`)
    }
    grants.set(request, grant)
  })
}
