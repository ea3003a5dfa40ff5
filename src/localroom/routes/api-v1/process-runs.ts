/** Process runs: list (and its older nested variant), get, delete, stop. */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { API_PREFIX, type RoomContext } from '../../context'
import { apiError, found, notFound } from '../../http/errors'
import { answerPage } from '../../http/pagination'
import { routeDefiner } from '../../http/route-definition'
import {
  Deleted,
  ProcessParams,
  ProcessRunParams,
  ProcessRunResource,
  ProcessRunState,
  page,
  WorkspaceParams,
} from '../../http/schemas'
import { deleteEndedRun } from '../../runs/run-control'
import { getRun, listRuns, type RunRow } from '../../runs/run-store'
import { workItemFilePath } from '../../work-items/work-item-files'

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
          : (JSON.parse(row.started_by_details) as z.infer<
              typeof ProcessRunResource
            >['started_by']['details']),
    },
    duration: row.duration,
  }
}

const StopBody = z.object({
  set_remaining_work_items_as_done: z.boolean(),
  terminate_ongoing_activity_runs: z.boolean(),
  reason: z.string().max(1000).optional(),
})

const ListQuery = z.object({
  process_id: z.string().min(1).optional(),
  state: ProcessRunState.optional(),
  limit: z.string().optional(),
  cursor: z.string().min(1).optional(),
})

/** Registers the process run routes. */
export function registerProcessRunRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, API_PREFIX)
  /** The list and its older nested form answer alike: the process filter comes from the query or the path. */
  const runsPage = (
    request: FastifyRequest,
    filter: z.infer<typeof ListQuery> & { workspaceId: string; processId: string | undefined },
  ) =>
    answerPage(
      request,
      ctx.origin(),
      filter,
      (beforeSeq, limit) =>
        listRuns(ctx.db, {
          workspaceId: filter.workspaceId,
          processId: filter.processId,
          state: filter.state,
          beforeSeq,
          limit,
        }),
      toProcessRun,
    )
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
      // Polled by every client watching runs: answer from cache until the database changes.
      cache: true,
    },
    async ({ params, query, request }) =>
      runsPage(request, { ...query, workspaceId: params.workspace_id, processId: query.process_id }),
  )

  // The older spec's nested form of the list (controlroom-api.md §2.10, S1c).
  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/processes/:process_id/process-runs',
      operationId: 'listProcessRunsNested',
      permission: 'Processes.read_runs',
      summary: 'List process runs of a process (older nested route)',
      tag: 'process-run',
      params: ProcessParams,
      query: ListQuery.omit({ process_id: true }),
      response: page(ProcessRunResource),
    },
    async ({ params, query, request }) =>
      runsPage(request, { ...query, workspaceId: params.workspace_id, processId: params.process_id }),
  )

  route(
    {
      method: 'DELETE',
      url: '/workspaces/:workspace_id/process-runs/:process_run_id',
      operationId: 'deleteProcessRun',
      // The spec's (sic): a read permission for a delete. Kept for compatibility; a room started
      // with strictDeletePermission also asks for the right to delete the run's work items.
      permission: 'Processes.read_runs',
      strictPermission: 'Processes.write_work_items',
      summary: 'Delete process run',
      tag: 'process-run',
      params: ProcessRunParams,
      response: Deleted,
      errors: [404, 409],
    },
    async ({ params }) => {
      const id = params.process_run_id
      const outcome = deleteEndedRun(ctx.db, params.workspace_id, id)
      if (outcome.result !== 'deleted') {
        if (outcome.result === 'not_found') throw notFound(`Process run ${id} not found`)
        throw apiError(409, 'conflict', `Process run ${id} has not finished: stop it first`)
      }
      // The rows are gone; their files on disk follow (a failure here leaves only orphaned files).
      const folders = [
        ...outcome.stepRunIds.map((stepRunId) => join(ctx.dataDir, 'step-runs', stepRunId)),
        ...outcome.fileIds.map((fileId) => workItemFilePath(ctx.dataDir, fileId)),
      ]
      await Promise.all(folders.map((path) => rm(path, { recursive: true, force: true }).catch(() => {})))
      return { id, deleted: true as const }
    },
  )

  route(
    {
      method: 'POST',
      url: '/workspaces/:workspace_id/process-runs/:process_run_id/stop',
      operationId: 'stopProcessRun',
      permission: 'Processes.trigger_processes',
      summary: 'Stop process run',
      tag: 'process-run',
      params: ProcessRunParams,
      body: StopBody,
      bodyRequired: true,
      response: z.object({ accepted: z.boolean() }),
      errors: [404],
    },
    async ({ params, body }) => {
      const id = params.process_run_id
      if (!getRun(ctx.db, params.workspace_id, id)) throw notFound(`Process run ${id} not found`)
      const accepted = ctx.runner.requestStop(id, {
        terminate: body.terminate_ongoing_activity_runs,
        markDone: body.set_remaining_work_items_as_done,
        reason: body.reason,
      })
      return { accepted }
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
      const row = found(
        getRun(ctx.db, params.workspace_id, params.process_run_id),
        'Process run',
        params.process_run_id,
      )
      return toProcessRun(row)
    },
  )
}
