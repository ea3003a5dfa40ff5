/** Run outputs: GET /process-runs/{id}/outputs (2023-10 spec) and GET /outputs?process_run_id= (newer). */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { API_PREFIX, type RoomContext } from '../../context'
import { invalidRequest, notFound } from '../../http/errors'
import { answerPage } from '../../http/pagination'
import { routeDefiner } from '../../http/route-definition'
import { isoDateTime, LimitQuery, ProcessRunParams, page, WorkspaceParams } from '../../http/schemas'
import { listOutputs, type OutputFile, type OutputRow, outputFiles } from '../../runs/output-store'
import { getRun } from '../../runs/run-store'
import { nonNullPayload, WorkItemFile } from './work-item-shapes'

const ProcessRunOutput = z.object({
  id: z.string(),
  created_at: isoDateTime,
  process: z.object({ id: z.string() }),
  process_run: z.object({ id: z.string() }),
  payload: z.unknown(),
  files: z.array(WorkItemFile),
})
const PageQuery = LimitQuery.extend({ cursor: z.string().min(1).optional() })

function toOutput(row: OutputRow, files: Map<string, OutputFile[]>): z.infer<typeof ProcessRunOutput> {
  return {
    id: row.id,
    created_at: row.created_at,
    process: { id: row.process_id },
    process_run: { id: row.process_run_id },
    payload: nonNullPayload(row.payload),
    files: files.get(row.id) ?? [],
  }
}

/** Registers the run output routes. */
export function registerRunOutputRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, API_PREFIX)
  const outputsOf = (
    workspaceId: string,
    runId: string,
    query: z.infer<typeof PageQuery>,
    request: FastifyRequest,
  ) => {
    if (!getRun(ctx.db, workspaceId, runId)) throw notFound(`Process run ${runId.slice(0, 100)} not found`)
    let files: ReturnType<typeof outputFiles> | undefined
    return answerPage(
      request,
      ctx.origin(),
      query,
      (before, fetch) => {
        const rows = listOutputs(ctx.db, runId, before, fetch)
        // The files of the page's rows in one query (the extra row is not shown).
        files = outputFiles(
          ctx.db,
          rows.slice(0, fetch - 1).map((row) => row.id),
        )
        return rows
      },
      (row) => toOutput(row, files ?? new Map()),
    )
  }

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/process-runs/:process_run_id/outputs',
      operationId: 'listProcessRunOutputs',
      permission: 'Processes.read_work_items',
      summary: 'List process run outputs',
      tag: 'process-run',
      params: ProcessRunParams,
      query: PageQuery,
      response: page(ProcessRunOutput),
      errors: [404],
    },
    async ({ params, query, request }) =>
      outputsOf(params.workspace_id, params.process_run_id, query, request),
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/outputs',
      operationId: 'listOutputs',
      permission: 'Processes.read_work_items',
      summary: 'List process run outputs (newer spec form)',
      tag: 'process-run',
      params: WorkspaceParams,
      query: PageQuery.extend({ process_run_id: z.string().min(1).optional() }),
      response: page(ProcessRunOutput),
      errors: [404],
    },
    async ({ params, query, request }) => {
      if (query.process_run_id === undefined)
        throw invalidRequest('Invalid query parameter "process_run_id": required')
      return outputsOf(params.workspace_id, query.process_run_id, query, request)
    },
  )
}
