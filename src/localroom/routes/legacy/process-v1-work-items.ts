/**
 * The legacy Process API's work items and workspace lists, as rpaframework's RPA.Robocorp.Process
 * calls them (controlroom-api.md §7): create an input item (and upload its files through a signed
 * link), list and get items in the legacy camelCase shape, retry a failed one, list a run's items,
 * start a configured run (run-request), list the workspace's runs (pruns) and processes. Item states
 * are the legacy upper-case names (docs/compatibility.md).
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { LEGACY_PROCESS_PREFIX, type RoomContext } from '../../context'
import type { RoomDb } from '../../db/db'
import { apiError, invalidRequest, notFound } from '../../http/errors'
import { jsonBodyParser } from '../../http/json-body'
import { MAX_PAGE_LIMIT, pageLimit } from '../../http/pagination'
import { routeDefiner } from '../../http/route-definition'
import { ProcessParams, WorkspaceParams } from '../../http/schemas'
import { getProcess, listProcesses, listSteps } from '../../processes/process-store'
import { legacyRunDetails } from '../../runs/legacy-run-store'
import { createRun, getRun, listRuns } from '../../runs/run-store'
import { requestItemFileUpload } from '../../work-items/work-item-file-links'
import { listItemFiles } from '../../work-items/work-item-files'
import {
  applyBatch,
  createQueuedItem,
  getWorkItem,
  listWorkItems,
  type WorkItemRow,
} from '../../work-items/work-item-store'
import { MAX_PAYLOADS_PER_RUN, startableItems } from '../api-v1/processes'
import { MAX_UPLOAD_BYTES } from '../files/run-files'
import { LegacyRun, toLegacyRun } from './process-v1'

/** v1 work item state → the legacy upper-case state (FAILED and COMPLETED as the robot side releases them). */
const LEGACY_ITEM_STATES = {
  new: 'NEW',
  pending: 'PENDING',
  in_progress: 'IN_PROGRESS',
  done: 'COMPLETED',
  failed: 'FAILED',
} as const

const LegacyWorkItem = z.object({
  id: z.string(),
  state: z.enum(['NEW', 'PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED']),
  stateTs: z.string(),
  createTs: z.string(),
  queueTs: z.string(),
  workspaceId: z.string(),
  processId: z.string(),
  processName: z.string(),
  processRunId: z.string().nullable(),
  processRunNo: z.number().nullable(),
  activityId: z.string().nullable().describe('The step'),
  activityRunId: z.string().nullable().describe('The step run'),
  batchPriority: z.number(),
  exception: z
    .object({ type: z.string(), code: z.string().nullable(), message: z.string().nullable() })
    .nullable(),
  payload: z.unknown().optional().describe('With includeData=true'),
  files: z.array(z.object({ id: z.string(), fileName: z.string(), fileSize: z.number() })).optional(),
})

/** Most items a legacy list answers (it has no pagination). */
const LEGACY_LIST_LIMIT = 1000

const ItemParams = ProcessParams.extend({ work_item_id: z.string().min(1) })
const RunParams = ProcessParams.extend({ run_id: z.string().min(1) })
const IncludeData = z.object({
  includeData: z.enum(['true', 'false']).optional(),
  sortBy: z.string().optional(),
  sortOrder: z.enum(['asc', 'desc']).optional(),
})

function toLegacyWorkItem(
  db: RoomDb,
  row: WorkItemRow,
  processName: string,
  includeData: boolean,
): z.infer<typeof LegacyWorkItem> {
  return {
    id: row.id,
    state: LEGACY_ITEM_STATES[row.state],
    stateTs: row.state_updated_at ?? row.created_at,
    createTs: row.created_at,
    queueTs: row.created_at,
    workspaceId: row.workspace_id,
    processId: row.process_id,
    processName,
    processRunId: row.process_run_id,
    processRunNo: row.process_run_id ? legacyRunDetails(db, row.process_run_id, row.process_id).runNo : null,
    activityId: row.step_id,
    activityRunId: row.step_run_id,
    batchPriority: 0,
    exception: row.exception_type
      ? { type: row.exception_type.toUpperCase(), code: row.exception_code, message: row.exception_message }
      : null,
    ...(includeData
      ? {
          payload: JSON.parse(row.payload) as unknown,
          files: listItemFiles(db, row.id)
            .filter((file) => file.state === 'completed')
            .map((file) => ({ id: file.id, fileName: file.name, fileSize: file.size })),
        }
      : {}),
  }
}

/** Registers the legacy work item and workspace list routes (beside process-v1.ts, on its scope). */
export function registerLegacyWorkItemRoutes(legacy: FastifyInstance, ctx: RoomContext): void {
  legacy.register(async (api) => {
    // rpaframework sends some bodies as data=json.dumps(...): JSON with no Content-Type at all. In
    // this scope such a body is read as JSON; any other type than JSON is still a 415.
    const parseJson = jsonBodyParser(api)
    api.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
      if (request.headers['content-type'] !== undefined)
        return done(
          apiError(
            415,
            'unsupported_media_type',
            'Unsupported content type: send the body as application/json',
          ),
        )
      parseJson(request, typeof body === 'string' ? body : body.toString('utf8'), done)
    })
    defineLegacyWorkItemRoutes(api, ctx)
  })
}

function defineLegacyWorkItemRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, LEGACY_PROCESS_PREFIX)
  const common = { tag: 'process-v1', errors: [404] }
  const processOr404 = (workspaceId: string, processId: string) => {
    const process = getProcess(ctx.db, workspaceId, processId)
    if (!process) throw notFound(`Process ${processId.slice(0, 100)} not found`)
    return process
  }
  const itemOr404 = (params: z.infer<typeof ItemParams>) => {
    const process = processOr404(params.workspace_id, params.process_id)
    const item = getWorkItem(ctx.db, params.workspace_id, params.work_item_id)
    if (!item || item.process_id !== process.id)
      throw notFound(`Work item ${params.work_item_id.slice(0, 100)} not found`)
    return { process, item }
  }

  /** The newest LEGACY_LIST_LIMIT items of a process or of one of its runs, in the order asked. */
  const itemList = (
    of: { workspaceId: string; processId: string } | { workspaceId: string; processRunId: string },
    processName: string,
    query: z.infer<typeof IncludeData>,
  ): { data: z.infer<typeof LegacyWorkItem>[] } => {
    const rows = listWorkItems(ctx.db, { ...of, limit: LEGACY_LIST_LIMIT })
    const ordered = query.sortOrder === 'asc' ? [...rows].reverse() : rows
    return {
      data: ordered.map((row) => toLegacyWorkItem(ctx.db, row, processName, query.includeData === 'true')),
    }
  }

  route(
    {
      ...common,
      method: 'POST',
      url: '/workspaces/:workspace_id/processes/:process_id/work-items',
      operationId: 'legacyCreateWorkItem',
      permission: 'Processes.write_work_items',
      summary:
        'Create an input work item in the process queue: {payload}, or the raw body with bodyAsPayload=true',
      params: ProcessParams,
      query: z.object({ bodyAsPayload: z.enum(['true', 'false']).optional() }),
      body: z.unknown(),
      validateBody: false,
      response: z.object({ id: z.string() }),
    },
    async ({ params, query, body }) => {
      processOr404(params.workspace_id, params.process_id)
      let payload: unknown = body ?? {}
      if (query.bodyAsPayload !== 'true') {
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          throw invalidRequest('Invalid request body: expected a JSON object {"payload": ...}')
        payload = (body as { payload?: unknown }).payload ?? {}
      }
      const id = createQueuedItem(ctx.db, {
        workspaceId: params.workspace_id,
        processId: params.process_id,
        payload,
      })
      return { id }
    },
  )

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/processes/:process_id/work-items',
      operationId: 'legacyListWorkItems',
      permission: 'Processes.read_work_items',
      summary: 'List the work items of a process, newest first',
      params: ProcessParams,
      query: IncludeData,
      response: z.object({ data: z.array(LegacyWorkItem) }),
    },
    async ({ params, query }) => {
      const process = processOr404(params.workspace_id, params.process_id)
      return itemList({ workspaceId: params.workspace_id, processId: process.id }, process.name, query)
    },
  )

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/processes/:process_id/work-items/:work_item_id',
      operationId: 'legacyGetWorkItem',
      permission: 'Processes.read_work_items',
      summary: 'Get a work item in the legacy shape',
      params: ItemParams,
      query: IncludeData.pick({ includeData: true }),
      response: LegacyWorkItem,
    },
    async ({ params, query }) => {
      const { process, item } = itemOr404(params)
      return toLegacyWorkItem(ctx.db, item, process.name, query.includeData === 'true')
    },
  )

  route(
    {
      ...common,
      method: 'POST',
      url: '/workspaces/:workspace_id/processes/:process_id/work-items/:work_item_id/files/upload',
      operationId: 'legacyRegisterWorkItemFileUpload',
      permission: 'Processes.write_work_items',
      summary:
        'Register a file of a work item: answers {url, fields} to POST the file to (multipart, with the fields)',
      params: ItemParams,
      body: z.object({
        fileName: z.string().min(1).max(255),
        fileSize: z.number().int().min(0).max(MAX_UPLOAD_BYTES),
      }),
      bodyRequired: true,
      response: z.object({ url: z.string(), fields: z.record(z.string(), z.string()) }),
    },
    async ({ params, body }) => {
      const { item } = itemOr404(params)
      return requestItemFileUpload(ctx, item.id, { name: body.fileName, size: body.fileSize })
    },
  )

  route(
    {
      ...common,
      method: 'POST',
      url: '/workspaces/:workspace_id/processes/:process_id/work-items/:work_item_id/retry',
      operationId: 'legacyRetryWorkItem',
      permission: 'Processes.write_work_items',
      summary: 'Retry a FAILED work item (its run is reopened)',
      params: ItemParams,
      response: z.object({ id: z.string(), state: z.string() }),
      errors: [404, 409],
    },
    async ({ params }) => {
      const { item } = itemOr404(params)
      if (item.state !== 'failed')
        throw apiError(
          409,
          'conflict',
          `Work item ${item.id} is ${LEGACY_ITEM_STATES[item.state]}, not FAILED`,
        )
      const outcome = applyBatch(ctx.db, params.workspace_id, 'retry', [item.id])
      for (const runId of outcome.reopenedRuns) ctx.runner.enqueue(runId)
      const after = getWorkItem(ctx.db, params.workspace_id, item.id)
      return { id: item.id, state: LEGACY_ITEM_STATES[after?.state ?? item.state] }
    },
  )

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/processes/:process_id/runs/:run_id/work-items',
      operationId: 'legacyListRunWorkItems',
      permission: 'Processes.read_work_items',
      summary: 'List the work items of a process run (sortOrder=desc: newest first, the default)',
      params: RunParams,
      query: IncludeData,
      response: z.object({ data: z.array(LegacyWorkItem) }),
    },
    async ({ params, query }) => {
      const process = processOr404(params.workspace_id, params.process_id)
      const run = getRun(ctx.db, params.workspace_id, params.run_id)
      if (!run || run.process_id !== process.id)
        throw notFound(`Run ${params.run_id.slice(0, 100)} not found`)
      return itemList({ workspaceId: params.workspace_id, processRunId: run.id }, process.name, query)
    },
  )

  route(
    {
      ...common,
      method: 'POST',
      url: '/workspaces/:workspace_id/processes/:process_id/run-request',
      operationId: 'legacyRunRequest',
      permission: 'Processes.trigger_processes',
      summary: 'Start a configured run: {"type":"default"} or {"type":"workItemIds","workItemIds":[...]}',
      params: ProcessParams,
      body: z.discriminatedUnion('type', [
        z.object({ type: z.literal('default') }),
        z.object({
          type: z.literal('workItemIds'),
          workItemIds: z.array(z.string()).min(1).max(MAX_PAYLOADS_PER_RUN),
        }),
      ]),
      bodyRequired: true,
      response: z.object({ id: z.string() }),
      errors: [404, 409],
    },
    async ({ params, body }) => {
      const process = processOr404(params.workspace_id, params.process_id)
      const itemIds =
        body.type === 'workItemIds'
          ? startableItems(ctx, params.workspace_id, process.id, body.workItemIds)
          : []
      const payloads =
        body.type === 'default'
          ? [process.default_payload === null ? {} : (JSON.parse(process.default_payload) as unknown)]
          : []
      const id = createRun(ctx.db, {
        workspaceId: params.workspace_id,
        processId: process.id,
        firstStepId: listSteps(ctx.db, process.id)[0]?.id ?? null,
        payloads,
        itemIds,
        callback: null,
      })
      ctx.runner.enqueue(id)
      return { id }
    },
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/pruns',
      operationId: 'legacyListWorkspaceRuns',
      permission: 'Processes.read_runs',
      summary: "List the workspace's process runs, newest first (a bare array)",
      tag: 'process-v1',
      params: WorkspaceParams,
      query: z.object({ limit: z.string().optional() }),
      response: z.array(LegacyRun),
    },
    async ({ params, query }) => {
      const limit = query.limit === undefined ? MAX_PAGE_LIMIT : pageLimit(query.limit)
      return listRuns(ctx.db, { workspaceId: params.workspace_id, limit }).map((row) => toLegacyRun(ctx, row))
    },
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/processes',
      operationId: 'legacyListProcesses',
      permission: 'Processes.read_processes',
      summary: "List the workspace's processes",
      tag: 'process-v1',
      params: WorkspaceParams,
      response: z.object({
        data: z.array(z.object({ id: z.string(), name: z.string(), createTs: z.string() })),
      }),
    },
    async ({ params }) => ({
      data: listProcesses(ctx.db, params.workspace_id).map((p) => ({
        id: p.id,
        name: p.name,
        createTs: p.created_at,
      })),
    }),
  )
}
