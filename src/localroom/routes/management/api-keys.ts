/**
 * API key management (management API, signed with a user access credential): what Control Room's
 * "Integrations → API keys" page does. Keys belong to one workspace; the guard has already checked
 * that the credential's user owns it. Changes take effect on the next request: the RC-WSKEY guard
 * reads the key from the database on every request.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { isPermission, PERMISSIONS, type Permission } from '../../../shared/permissions'
import { MANAGEMENT_PREFIX, type RoomContext } from '../../context'
import { apiError, found, invalidRequest, notFound } from '../../http/errors'
import { answerPage } from '../../http/pagination'
import { routeDefiner } from '../../http/route-definition'
import { Deleted, isoDateTime, PageQuery, page, WorkspaceParams } from '../../http/schemas'
import {
  apiKeyResource,
  deleteApiKey,
  getApiKey,
  listApiKeys,
  revealApiKey,
  updateApiKey,
} from '../../keys/key-store'
import { apiKeyValueKey, createApiKey } from '../../keys/keys'

const ApiKeyParams = WorkspaceParams.extend({ api_key_id: z.string().min(1).max(100) })

const Name = z.string().trim().min(1).max(200)
// Checked against PERMISSIONS by readPermissions, so the 400 can name every unknown one at once.
const PermissionList = z
  .array(z.string().max(200))
  .min(1)
  .max(PERMISSIONS.length * 2)

const CreateBody = z.object({ name: Name, permissions: PermissionList })
const UpdateBody = z
  .object({ name: Name.optional(), permissions: PermissionList.optional() })
  .refine((body) => body.name !== undefined || body.permissions !== undefined, {
    message: 'give "name", "permissions" or both',
  })

const ApiKeyResource = z.object({
  id: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  permissions: z.array(z.enum(PERMISSIONS)),
  masked_value: z.string().describe('"…" and the last four characters of the value'),
  bootstrap: z.boolean().describe('the key the room re-issues on each start with --print-bootstrap'),
  created_at: isoDateTime,
  updated_at: isoDateTime.nullable(),
  last_used_at: isoDateTime.nullable(),
  request_count: z.number().int(),
})
const CreatedApiKey = ApiKeyResource.extend({
  value: z.string().describe('the key: shown here and by GET …/value'),
})

/** The permission names, or a 400 that names every unknown one. */
function readPermissions(names: readonly string[]): Permission[] {
  const unknown = names.filter((name) => !isPermission(name))
  if (unknown.length > 0) {
    const shown = unknown.map((name) => JSON.stringify(name.slice(0, 60))).join(', ')
    throw invalidRequest(`Invalid request body field "permissions": unknown permission(s) ${shown}`)
  }
  return names.filter(isPermission)
}

/** Registers the routes. */
export function registerApiKeyRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, MANAGEMENT_PREFIX)
  /** A key of the workspace as the API shows it, or a 404. */
  const keyResource = (params: z.infer<typeof ApiKeyParams>) =>
    apiKeyResource(
      found(getApiKey(ctx.db, params.workspace_id, params.api_key_id), 'API key', params.api_key_id),
    )
  const valueKey = apiKeyValueKey(ctx.roomSecret)
  const common = { tag: 'api-key', auth: 'user-credential' as const, errors: [404] }

  route(
    {
      ...common,
      method: 'GET',
      url: '/permissions',
      operationId: 'listApiKeyPermissions',
      summary: 'List the permissions an API key can have',
      errors: [],
      response: z.object({ data: z.array(z.enum(PERMISSIONS)) }),
    },
    async () => ({ data: [...PERMISSIONS] }),
  )

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/api-keys',
      operationId: 'listApiKeys',
      summary: 'List API keys (with permissions and usage, never the value)',
      params: WorkspaceParams,
      query: PageQuery,
      response: page(ApiKeyResource),
    },
    async ({ params, query, request }) =>
      answerPage(
        request,
        ctx.origin(),
        query,
        (before, fetch) => listApiKeys(ctx.db, params.workspace_id, fetch, before),
        apiKeyResource,
      ),
  )

  route(
    {
      ...common,
      method: 'POST',
      url: '/workspaces/:workspace_id/api-keys',
      operationId: 'createApiKey',
      summary: 'Create an API key',
      params: WorkspaceParams,
      body: CreateBody,
      bodyRequired: true,
      response: CreatedApiKey,
    },
    async ({ params, body }) => {
      const permissions = readPermissions(body.permissions)
      const created = createApiKey(
        ctx.db,
        { workspaceId: params.workspace_id, name: body.name, permissions },
        valueKey,
      )
      return {
        ...keyResource({ workspace_id: params.workspace_id, api_key_id: created.id }),
        value: created.key,
      }
    },
  )

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/api-keys/:api_key_id',
      operationId: 'getApiKey',
      summary: 'Get an API key (never the value)',
      params: ApiKeyParams,
      response: ApiKeyResource,
    },
    async ({ params }) => {
      return keyResource(params)
    },
  )

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/api-keys/:api_key_id/value',
      operationId: 'getApiKeyValue',
      summary: "View an API key's value",
      params: ApiKeyParams,
      errors: [404, 409],
      response: z.object({ value: z.string() }),
    },
    async ({ params }) => {
      const value = revealApiKey(ctx.db, valueKey, params.workspace_id, params.api_key_id)
      if (value === undefined) throw notFound(`API key ${params.api_key_id} not found`)
      if (value === null) {
        throw apiError(
          409,
          'conflict',
          'The value of this API key cannot be shown (it was created before values were kept, or the room secret changed): create a new key',
        )
      }
      return { value }
    },
  )

  route(
    {
      ...common,
      method: 'PATCH',
      url: '/workspaces/:workspace_id/api-keys/:api_key_id',
      operationId: 'updateApiKey',
      summary: "Change an API key's name and/or permissions (effective on the next request)",
      params: ApiKeyParams,
      body: UpdateBody,
      bodyRequired: true,
      response: ApiKeyResource,
    },
    async ({ params, body }) => {
      const permissions = body.permissions === undefined ? undefined : readPermissions(body.permissions)
      if (!updateApiKey(ctx.db, params.workspace_id, params.api_key_id, { name: body.name, permissions })) {
        throw notFound(`API key ${params.api_key_id} not found`)
      }
      return keyResource(params)
    },
  )

  route(
    {
      ...common,
      method: 'DELETE',
      url: '/workspaces/:workspace_id/api-keys/:api_key_id',
      operationId: 'deleteApiKey',
      summary: 'Delete an API key (refused from the next request on)',
      params: ApiKeyParams,
      response: Deleted,
    },
    async ({ params }) => {
      if (!deleteApiKey(ctx.db, params.workspace_id, params.api_key_id)) {
        throw notFound(`API key ${params.api_key_id} not found`)
      }
      return { id: params.api_key_id, deleted: true as const }
    },
  )
}
