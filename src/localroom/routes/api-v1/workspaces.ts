/** GET /workspaces/{workspace_id}. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { API_PREFIX, type RoomContext } from '../../context'
import { getWorkspace } from '../../db/workspaces'
import { found } from '../../http/errors'
import { routeDefiner } from '../../http/route-definition'
import { WorkspaceParams } from '../../http/schemas'

const WorkspaceResource = z.object({
  id: z.string(),
  name: z.string(),
  organization: z.object({ id: z.string(), name: z.string() }),
})

/** Registers the workspace routes. */
export function registerWorkspaceRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, API_PREFIX)
  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id',
      operationId: 'getWorkspace',
      permission: null,
      summary: 'Get workspace',
      tag: 'workspace',
      params: WorkspaceParams,
      response: WorkspaceResource,
    },
    async ({ params }) => {
      const workspace = found(getWorkspace(ctx.db, params.workspace_id), 'Workspace', params.workspace_id)
      return {
        id: workspace.id,
        name: workspace.name,
        organization: { id: workspace.organization_id, name: workspace.organization_name },
      }
    },
  )
}
