/** GET /process-runs (paginated, newest first) and GET /process-runs/{process_run_id}. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { API_PREFIX, type RoomContext } from '../context'
import { notFound } from '../errors'
import { buildPage, decodeCursor, pageLimit } from '../pagination'
import { routeDefiner } from '../route-definition'
import { ProcessRunParams, ProcessRunResource, page, WorkspaceParams } from '../schemas'
import { getRun, listRuns, RUN_STATES, type RunRow, type RunState } from '../store/runs'


/** Renders a run row as the API's ProcessRun. */
export function toProcessRun(row: RunRow): z.infer<typeof ProcessRunResource> {
  return {
    id: row.id,
    state: row.state,
    created_at: row.created_at,
    started_at: row.started_at,
    ended_at: row.ended_at,
    process: { id: row.process_id, name: row.process_name },
    started_by: {
      type: row.started_by_type,
      details:
        row.started_by_details === null
          ? null
          : (JSON.parse(row.started_by_details) as z.infer<typeof ProcessRunResource>['started_by']['details']),
    },
    duration: row.duration,
  }
}

const ListQuery = z.object({
  process_id: z.string().min(1).optional(),
  state: z.enum(RUN_STATES as [RunState, ...RunState[]]).optional(),
  limit: z.string().optional(),
  cursor: z.string().min(1).optional(),
})

/** Registers the process run routes. */
export function registerProcessRunRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, API_PREFIX)
  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/process-runs',
      operationId: 'listProcessRuns',
      permission: 'Processes.read_runs',
      summary: 'List process runs',
      tag: 'process-run',
      params: WorkspaceParams,
      query: ListQuery,
      response: page(ProcessRunResource),
    },
    async ({ params, query, request }) => {
      const limit = pageLimit(query.limit)
      const rows = listRuns(ctx.db, {
        workspaceId: params.workspace_id,
        processId: query.process_id,
        state: query.state,
        beforeSeq: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
        limit: limit + 1,
      })
      return buildPage(request, ctx.origin, rows, limit, toProcessRun)
    },
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/process-runs/:process_run_id',
      operationId: 'getProcessRun',
      permission: 'Processes.read_processes',
      summary: 'Get process run',
      tag: 'process-run',
      params: ProcessRunParams,
      response: ProcessRunResource,
      errors: [404],
    },
    async ({ params }) => {
      const row = getRun(ctx.db, params.workspace_id, params.process_run_id)
      if (!row) throw notFound(`Process run ${params.process_run_id} not found`)
      return toProcessRun(row)
    },
  )
}
