/** GET /process-runs (paginated, newest first) and GET /process-runs/{process_run_id}. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { RoomContext } from '../context'
import { notFound } from '../errors'
import { buildPage, decodeCursor, pageLimit } from '../pagination'
import { getRun, listRuns, RUN_STATES, type RunRow, type RunState } from '../store/runs'
import { parseInput } from '../validation'

type WorkspaceParams = { workspace_id: string }
type RunParams = WorkspaceParams & { process_run_id: string }

/** The API's ProcessRun resource. */
export interface ProcessRunResource {
  id: string
  state: RunState
  created_at: string
  started_at: string | null
  ended_at: string | null
  process: { id: string; name: string }
  started_by: {
    type: RunRow['started_by_type']
    details: { id: string; first_name: string; last_name: string } | null
  }
  duration: number | null
}

/** Renders a run row as the API's ProcessRun. */
export function toProcessRun(row: RunRow): ProcessRunResource {
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
          : (JSON.parse(row.started_by_details) as ProcessRunResource['started_by']['details']),
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
  api.get<{ Params: WorkspaceParams }>('/workspaces/:workspace_id/process-runs', async (request) => {
    const query = parseInput(ListQuery, request.query, 'query')
    const limit = pageLimit(query.limit)
    const rows = listRuns(ctx.db, {
      workspaceId: request.params.workspace_id,
      processId: query.process_id,
      state: query.state,
      beforeSeq: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
      limit: limit + 1,
    })
    return buildPage(request, ctx.origin, rows, limit, toProcessRun)
  })

  api.get<{ Params: RunParams }>(
    '/workspaces/:workspace_id/process-runs/:process_run_id',
    async (request) => {
      const row = getRun(ctx.db, request.params.workspace_id, request.params.process_run_id)
      if (!row) throw notFound(`Process run ${request.params.process_run_id} not found`)
      return toProcessRun(row)
    },
  )
}
