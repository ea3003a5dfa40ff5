/**
 * Every other operation of the official spec (workers, worker groups and their link tokens, task
 * packages, assistants, the query-token start endpoint): declared one by one with the spec's
 * permission, so a client is refused exactly as Control Room would refuse it (401 without a key,
 * 403 without the permission) and only then told 501 not_implemented.
 * The table was read from the 2023-10 spec at development time; the spec itself stays out of the repo.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Permission } from '../../../shared/permissions'
import { API_PREFIX, type RoomContext } from '../../context'
import { authenticate } from '../../http/auth'
import { forbidden, notImplemented } from '../../http/errors'
import { type HttpMethod, routeDefiner } from '../../http/route-definition'
import { recordKeyUse } from '../../keys/keys'

type Row = readonly [
  method: HttpMethod,
  path: string,
  operationId: string,
  permission: Permission,
  tag: string,
]

const readWorkers = 'Workers.read_workers'
const writeWorkers = 'Workers.write_workers'
const readAssistants = 'Assistants.read_assistants'
const group = '/worker-groups/:worker_group_id'
const groupTokens = `${group}/link-tokens`

/** method, path after /workspaces/{workspace_id}, operationId, permission, tag: as the spec has them. */
export const NOT_IMPLEMENTED: readonly Row[] = [
  ['POST', '/workers/link-tokens', 'createLinkToken', writeWorkers, 'worker'],
  ['PUT', '/workers/:worker_id', 'updateWorker', writeWorkers, 'worker'],
  ['DELETE', '/workers/:worker_id', 'deleteWorker', writeWorkers, 'worker'],
  ['GET', '/worker-groups', 'listWorkerGroups', readWorkers, 'worker-group'],
  ['POST', '/worker-groups', 'createWorkerGroup', writeWorkers, 'worker-group'],
  ['GET', group, 'getWorkerGroup', readWorkers, 'worker-group'],
  ['PUT', group, 'updateWorkerGroup', writeWorkers, 'worker-group'],
  ['DELETE', group, 'deleteWorkerGroup', writeWorkers, 'worker-group'],
  ['PUT', `${group}/workers`, 'addWorkerToGroup', writeWorkers, 'worker-group'],
  ['DELETE', `${group}/workers/:worker_id`, 'removeWorkerFromGroup', writeWorkers, 'worker-group'],
  ['GET', groupTokens, 'listWorkerGroupLinkTokens', readWorkers, 'worker-group'],
  ['POST', groupTokens, 'createWorkerGroupLinkToken', writeWorkers, 'worker-group'],
  ['GET', `${groupTokens}/:link_token_id`, 'getWorkerGroupLinkToken', readWorkers, 'worker-group'],
  ['PUT', `${groupTokens}/:link_token_id`, 'updateWorkerGroupLinkToken', writeWorkers, 'worker-group'],
  ['DELETE', `${groupTokens}/:link_token_id`, 'deleteWorkerGroupLinkToken', writeWorkers, 'worker-group'],
  ['GET', '/assistants', 'listAssistants', readAssistants, 'assistant'],
  ['POST', '/assistants', 'createAssistant', 'Assistants.write_assistants', 'assistant'],
  ['GET', '/assistants/:assistant_id', 'getAssistant', readAssistants, 'assistant'],
  [
    'GET',
    '/assistants/:assistant_id/assistant-runs',
    'listAssistantAssistantRuns',
    readAssistants,
    'assistant',
  ],
  ['GET', '/assistant-runs/:assistant_run_id', 'getAssistantRun', readAssistants, 'assistant'],
  ['GET', '/assistant-runs', 'listWorkspaceAssistantRuns', readAssistants, 'assistant'],
]

/** The start endpoint for callers that cannot set headers: the key travels in `?token=`. */
const QS_AUTH_URL = '/workspaces/:workspace_id/processes/:process_id/process-runs-integrations'

/** The path parameters of a table path, as a zod object (all strings). */
function paramsOf(path: string) {
  const names = [...path.matchAll(/:(\w+)/g)].map((match) => match[1] as string)
  return z.object(Object.fromEntries(['workspace_id', ...names].map((name) => [name, z.string().min(1)])))
}

/** Registers the routes. */
export function registerNotImplementedRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, API_PREFIX)
  for (const [method, path, operationId, permission, tag] of NOT_IMPLEMENTED) {
    route(
      {
        method,
        url: `/workspaces/:workspace_id${path}`,
        operationId,
        permission,
        summary: `${operationId} (not implemented by the local Control Room)`,
        tag,
        params: paramsOf(path),
        validateBody: false,
        errors: [501],
      },
      async () => {
        throw notImplemented(`${operationId} is not implemented by the local Control Room`)
      },
    )
  }

  // `public` for the room's api-key guard, which only reads the Authorization header: this route
  // checks the key itself, from `?token=` (the spec's way) or the header, then the permission.
  const permission: Permission = 'Processes.trigger_processes'
  route(
    {
      method: 'POST',
      url: QS_AUTH_URL,
      operationId: 'startProcessRunQsAuth',
      auth: 'public',
      permission,
      summary:
        'Start process run with the API key in the query string (not implemented by the local Control Room)',
      tag: 'process-run',
      params: paramsOf('/processes/:process_id'),
      query: z.object({ token: z.string().optional(), with_handshake: z.string().optional() }).loose(),
      validateBody: false,
      errors: [401, 501],
    },
    async ({ params, query, request }) => {
      const header = query.token === undefined ? request.headers.authorization : `RC-WSKEY ${query.token}`
      const record = authenticate(ctx, header)
      recordKeyUse(ctx.db, record.id, ctx.storage)
      if (record.workspaceId !== params.workspace_id)
        throw forbidden('The API key does not belong to this workspace')
      if (!record.permissions.has(permission)) throw forbidden(`API key lacks the permission ${permission}`)
      throw notImplemented('startProcessRunQsAuth is not implemented by the local Control Room')
    },
  )
}
