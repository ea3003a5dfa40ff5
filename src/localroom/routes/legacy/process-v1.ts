/**
 * The legacy Process API (process-v1), for integrations written against the older docs: start a run
 * with a JSON body as its input work item, start a batch, list and poll runs in the legacy camelCase
 * shape and states (controlroom-api.md §7; mapping in docs/localroom.md).
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { LEGACY_PROCESS_PREFIX, type RoomContext } from '../../context'
import { apiError, notFound } from '../../http/errors'
import { MAX_PAGE_LIMIT, pageLimit } from '../../http/pagination'
import { routeDefiner } from '../../http/route-definition'
import { ProcessParams } from '../../http/schemas'
import { getProcess, listSteps } from '../../processes/process-store'
import { inputItemIds, legacyRunDetails } from '../../runs/legacy-run-store'
import { createRuns, getRun, listRuns, type RunRow } from '../../runs/run-store'
import { MAX_PAYLOADS_PER_RUN } from '../api-v1/processes'

/** v1 run state → legacy state: INI (initializing), IP (in progress), COMPL (completed either way). */
const LEGACY_STATES = {
  new: 'INI',
  in_progress: 'IP',
  stopping: 'IP',
  completed: 'COMPL',
  unresolved: 'COMPL',
} as const

/** What a legacy run and a legacy robot run (step run) both say: whose it is, and how it ended. */
export const LegacyOutcome = z.object({
  id: z.string(),
  state: z.enum(['INI', 'IP', 'COMPL']),
  result: z.enum(['OK', 'ERR']).nullable(),
  errorCode: z.string().nullable(),
  workspaceId: z.string(),
  processId: z.string(),
})

export const LegacyRun = LegacyOutcome.extend({
  processName: z.string(),
  duration: z.number().nullable().describe('seconds'),
  runNo: z.number(),
  robotRuns: z.array(z.object({ id: z.string() })),
})
const Started = z.object({ id: z.string(), workItemIds: z.array(z.string()) })
const RunParams = ProcessParams.extend({ run_id: z.string().min(1) })

/** Renders a run in the legacy shape. */
export function toLegacyRun(ctx: RoomContext, row: RunRow): z.infer<typeof LegacyRun> {
  const details = legacyRunDetails(ctx.db, row.id, row.process_id)
  const ended = row.state === 'completed' || row.state === 'unresolved'
  return {
    id: row.id,
    state: LEGACY_STATES[row.state],
    result: ended ? (row.state === 'completed' ? 'OK' : 'ERR') : null,
    errorCode: row.state === 'unresolved' ? (details.errorCode ?? 'unresolved') : null,
    workspaceId: row.workspace_id,
    processId: row.process_id,
    processName: row.process_name,
    duration: row.duration,
    runNo: details.runNo,
    robotRuns: details.stepRunIds.map((id) => ({ id })),
  }
}

/** Registers the legacy Process API routes. */
export function registerLegacyProcessRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, LEGACY_PROCESS_PREFIX)
  const processOr404 = (workspaceId: string, processId: string) => {
    const process = getProcess(ctx.db, workspaceId, processId)
    if (!process) throw notFound(`Process ${processId.slice(0, 100)} not found`)
    return process
  }
  // The legacy docs demand Content-Type: application/json even for an empty body.
  const requireJson = (contentType: string | undefined) => {
    if (!/^application\/json\b/i.test(contentType ?? ''))
      throw apiError(415, 'unsupported_media_type', 'Send the body as application/json')
  }
  /**
   * Starts one run per payload, all or none: the runs are stored in one transaction and handed to
   * the runner only once it has committed, so a client told that the request failed can rely on no
   * run having started.
   */
  const start = (workspaceId: string, processId: string, payloads: readonly unknown[]) => {
    const firstStepId = listSteps(ctx.db, processId)[0]?.id ?? null
    const ids = createRuns(
      ctx.db,
      payloads.map((payload) => ({
        workspaceId,
        processId,
        firstStepId,
        payloads: [payload],
        callback: null,
      })),
    )
    for (const id of ids) ctx.runner.enqueue(id)
    return ids.map((id) => ({ id, workItemIds: inputItemIds(ctx.db, id) }))
  }

  route(
    {
      method: 'POST',
      url: '/workspaces/:workspace_id/processes/:process_id/runs',
      operationId: 'legacyStartProcessRun',
      permission: 'Processes.trigger_processes',
      summary: 'Start a process run; the JSON body (object or array) is its input work item',
      tag: 'process-v1',
      params: ProcessParams,
      body: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]),
      response: Started,
      errors: [404, 415],
    },
    async ({ params, body, request }) => {
      requireJson(request.headers['content-type'])
      processOr404(params.workspace_id, params.process_id)
      const [started] = start(params.workspace_id, params.process_id, [body ?? {}])
      return started as z.infer<typeof Started>
    },
  )

  route(
    {
      method: 'POST',
      url: '/workspaces/:workspace_id/processes/:process_id/runs-batch',
      operationId: 'legacyStartProcessRunBatch',
      permission: 'Processes.trigger_processes',
      summary: 'Start one process run per element of a JSON array',
      tag: 'process-v1',
      params: ProcessParams,
      body: z.array(z.unknown()).min(1).max(MAX_PAYLOADS_PER_RUN),
      bodyRequired: true,
      response: z.object({ data: z.array(Started) }),
      errors: [404, 415],
    },
    async ({ params, body, request }) => {
      requireJson(request.headers['content-type'])
      processOr404(params.workspace_id, params.process_id)
      return {
        data: start(
          params.workspace_id,
          params.process_id,
          body.map((payload) => payload ?? {}),
        ),
      }
    },
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/processes/:process_id/runs',
      operationId: 'legacyListProcessRuns',
      permission: 'Processes.read_runs',
      summary: 'List the runs of a process, newest first',
      tag: 'process-v1',
      params: ProcessParams,
      query: z.object({ limit: z.string().optional() }),
      response: z.object({ data: z.array(LegacyRun) }),
      errors: [404],
    },
    async ({ params, query }) => {
      processOr404(params.workspace_id, params.process_id)
      const limit = query.limit === undefined ? MAX_PAGE_LIMIT : pageLimit(query.limit)
      const rows = listRuns(ctx.db, { workspaceId: params.workspace_id, processId: params.process_id, limit })
      return { data: rows.map((row) => toLegacyRun(ctx, row)) }
    },
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/processes/:process_id/runs/:run_id',
      operationId: 'legacyGetProcessRun',
      permission: 'Processes.read_runs',
      summary: 'Get a process run in the legacy shape',
      tag: 'process-v1',
      params: RunParams,
      response: LegacyRun,
      errors: [404],
    },
    async ({ params }) => {
      const row = getRun(ctx.db, params.workspace_id, params.run_id)
      if (!row || row.process_id !== params.process_id) throw notFound(`Run ${params.run_id} not found`)
      return toLegacyRun(ctx, row)
    },
  )
}
