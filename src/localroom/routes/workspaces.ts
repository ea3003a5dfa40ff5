/** GET /workspaces/{workspace_id}. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'
import { notFound } from '../errors'
import { getWorkspace } from '../store/workspaces'

type WorkspaceParams = { workspace_id: string }

/** Registers the workspace routes. */
export function registerWorkspaceRoutes(api: FastifyInstance, ctx: RoomContext): void {
  api.get<{ Params: WorkspaceParams }>('/workspaces/:workspace_id', async (request) => {
    const workspace = getWorkspace(ctx.db, request.params.workspace_id)
    if (!workspace) throw notFound(`Workspace ${request.params.workspace_id} not found`)
    return {
      id: workspace.id,
      name: workspace.name,
      organization: { id: workspace.organization_id, name: workspace.organization_name },
    }
  })
}
