/** Work items: list (and the older nested variants), get, create, payload update, file upload, batch. */
import { rm } from 'node:fs/promises'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { API_PREFIX, type RoomContext } from '../../context'
import { apiError, notFound } from '../../http/errors'
import { answerPage } from '../../http/pagination'
import { routeDefiner } from '../../http/route-definition'
import { PageQuery, ProcessParams, ProcessRunParams, page, WorkspaceParams } from '../../http/schemas'
import { getProcess } from '../../processes/process-store'
import { requestItemFileUpload } from '../../work-items/work-item-file-links'
import { fileIdsOfItems, workItemFilePath } from '../../work-items/work-item-files'
import {
  applyBatch,
  createQueuedItem,
  getWorkItem,
  listWorkItems,
  updatePayload,
  WorkItemState,
} from '../../work-items/work-item-store'
import { MAX_UPLOAD_BYTES } from '../files/run-files'
import {
  Payload,
  toWorkItem,
  toWorkItemSummary,
  WorkItemResource,
  WorkItemWithoutData,
} from './work-item-shapes'

const ItemParams = WorkspaceParams.extend({ work_item_id: z.string().min(1) })
const StateFilter = WorkItemState.optional()
const ItemPageQuery = PageQuery.extend({ state: StateFilter })
const ListQuery = ItemPageQuery.extend({
  process_id: z.string().min(1).optional(),
  process_run_id: z.string().min(1).optional(),
})
const CreateBody = z.object({ process: z.object({ id: z.string().min(1) }), payload: Payload })
const PayloadBody = z.object({ payload: Payload.optional() })
const UploadBody = z.object({
  file_name: z
    .string()
    .min(1)
    .max(255)
    .refine((name) => !/[\\/]/.test(name) && name !== '.' && name !== '..', 'a file name, not a path'),
  file_size: z.number().int().min(0).max(MAX_UPLOAD_BYTES),
})
const Upload = z.object({ url: z.string(), form_data: z.record(z.string(), z.string()) })
const BatchBody = z.object({
  batch_operation: z.enum(['retry', 'delete', 'mark_as_done']),
  work_item_ids: z.array(z.string().min(1)).min(1).max(1000),
})

/** Registers the work item routes. */
export function registerWorkItemRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, API_PREFIX)
  const list = (
    workspaceId: string,
    query: z.infer<typeof ListQuery>,
    request: FastifyRequest,
  ): z.input<ReturnType<typeof page<typeof WorkItemWithoutData>>> => {
    return answerPage(
      request,
      ctx.origin(),
      query,
      (beforeSeq, limit) =>
        listWorkItems(ctx.db, {
          workspaceId,
          processId: query.process_id,
          processRunId: query.process_run_id,
          state: query.state,
          beforeSeq,
          limit,
        }),
      toWorkItemSummary,
    )
  }
  const itemOr404 = (workspaceId: string, id: string) => {
    const row = getWorkItem(ctx.db, workspaceId, id)
    if (!row) throw notFound(`Work item ${id} not found`)
    return row
  }
  const common = { tag: 'work-item', response: page(WorkItemWithoutData) } as const

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/work-items',
      operationId: 'listWorkItems',
      permission: 'Processes.read_work_items',
      summary: 'List work items',
      params: WorkspaceParams,
      query: ListQuery,
    },
    async ({ params, query, request }) => list(params.workspace_id, query, request),
  )
  // The older spec's nested forms (controlroom-api.md §2.10, S1c).
  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/processes/:process_id/work-items',
      operationId: 'listWorkItemsOfProcessNested',
      permission: 'Processes.read_work_items',
      summary: 'List work items of a process (older nested route)',
      params: ProcessParams,
      query: ItemPageQuery,
    },
    async ({ params, query, request }) =>
      list(params.workspace_id, { ...query, process_id: params.process_id }, request),
  )
  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/process-runs/:process_run_id/work-items',
      operationId: 'listWorkItemsOfProcessRunNested',
      permission: 'Processes.read_work_items',
      summary: 'List work items of a process run (older nested route)',
      params: ProcessRunParams,
      query: ItemPageQuery,
    },
    async ({ params, query, request }) =>
      list(params.workspace_id, { ...query, process_run_id: params.process_run_id }, request),
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/work-items/:work_item_id',
      operationId: 'getWorkItem',
      permission: 'Processes.read_work_items',
      summary: 'Get work item',
      tag: 'work-item',
      params: ItemParams,
      response: WorkItemResource,
      errors: [404],
    },
    async ({ params }) => toWorkItem(ctx.db, itemOr404(params.workspace_id, params.work_item_id)),
  )

  route(
    {
      method: 'POST',
      url: '/workspaces/:workspace_id/work-items',
      operationId: 'createWorkItem',
      permission: 'Processes.write_work_items',
      summary: "Create a work item in a process's input queue",
      tag: 'work-item',
      params: WorkspaceParams,
      body: CreateBody,
      bodyRequired: true,
      response: WorkItemResource,
      errors: [404],
    },
    async ({ params, body }) => {
      const processId = body.process.id
      if (!getProcess(ctx.db, params.workspace_id, processId))
        throw notFound(`Process ${processId.slice(0, 100)} (body field "process.id") not found`)
      const id = createQueuedItem(ctx.db, {
        workspaceId: params.workspace_id,
        processId,
        payload: body.payload,
      })
      return toWorkItem(ctx.db, itemOr404(params.workspace_id, id))
    },
  )

  for (const method of ['PUT', 'POST'] as const) {
    route(
      {
        method,
        url: '/workspaces/:workspace_id/work-items/:work_item_id/payload',
        // PUT is the 2023-10 spec's; the newer spec (S1b) made it POST.
        operationId: method === 'PUT' ? 'updateWorkItemPayload' : 'updateWorkItemPayloadPost',
        permission: 'Processes.write_work_items',
        summary: 'Update work item payload',
        tag: 'work-item',
        params: ItemParams,
        body: PayloadBody,
        bodyRequired: true,
        response: z.object({ payload: z.unknown() }),
        errors: [404, 409],
      },
      async ({ params, body }) => {
        const item = itemOr404(params.workspace_id, params.work_item_id)
        if (item.state === 'in_progress')
          throw apiError(409, 'conflict', `Work item ${item.id} is being processed by a robot`)
        if (body.payload !== undefined) updatePayload(ctx.db, item.id, body.payload)
        const updated = itemOr404(params.workspace_id, item.id)
        return { payload: toWorkItem(ctx.db, updated).payload }
      },
    )
  }

  const startUpload = (workspaceId: string, itemId: string, body: z.infer<typeof UploadBody>) => {
    const item = itemOr404(workspaceId, itemId)
    const { url, fields } = requestItemFileUpload(ctx, item.id, {
      name: body.file_name,
      size: body.file_size,
    })
    // API v1 names the presigned POST's fields `form_data`.
    return { url, form_data: fields }
  }
  route(
    {
      method: 'POST',
      url: '/workspaces/:workspace_id/work-items/:work_item_id/files/upload',
      operationId: 'createWorkItemFile',
      permission: 'Processes.write_work_items',
      summary: 'Request an upload URL for a work item file',
      tag: 'work-item',
      params: ItemParams,
      body: UploadBody,
      bodyRequired: true,
      response: Upload,
      errors: [404],
    },
    async ({ params, body }) => startUpload(params.workspace_id, params.work_item_id, body),
  )
  route(
    {
      method: 'POST',
      url: '/workspaces/:workspace_id/work-items/:work_item_id/files',
      operationId: 'createWorkItemFileV2',
      permission: 'Processes.write_work_items',
      summary: 'Request an upload URL for a work item file (newer spec form)',
      tag: 'work-item',
      params: ItemParams,
      body: UploadBody,
      bodyRequired: true,
      response: z.object({ upload: Upload }),
      errors: [404],
    },
    async ({ params, body }) => ({ upload: startUpload(params.workspace_id, params.work_item_id, body) }),
  )

  route(
    {
      method: 'POST',
      url: '/workspaces/:workspace_id/work-items/batch',
      operationId: 'runWorkItemBatchOperation',
      permission: 'Processes.write_work_items',
      summary: 'Retry, delete or mark as done several work items',
      tag: 'work-item',
      params: WorkspaceParams,
      body: BatchBody,
      bodyRequired: true,
      response: z.object({ accepted: z.literal(true) }),
    },
    async ({ params, body }) => {
      // Read before the delete (the rows cascade away); only items really deleted lose their files.
      const files = body.batch_operation === 'delete' ? fileIdsOfItems(ctx.db, body.work_item_ids) : new Map()
      const outcome = applyBatch(ctx.db, params.workspace_id, body.batch_operation, body.work_item_ids)
      const fileIds = outcome.deleted.flatMap((itemId) => files.get(itemId) ?? [])
      await Promise.all(
        fileIds.map((id) => rm(workItemFilePath(ctx.dataDir, id), { force: true }).catch(() => {})),
      )
      for (const runId of outcome.reopenedRuns) ctx.runner.enqueue(runId)
      return { accepted: true as const }
    },
  )
}
