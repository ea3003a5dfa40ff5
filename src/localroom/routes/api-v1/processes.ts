/** GET /processes and POST /processes/{process_id}/process-runs (start a run). */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { API_PREFIX, type RoomContext } from '../../context'
import { deriveKey } from '../../credentials/room-secret'
import { apiError, found, invalidRequest } from '../../http/errors'
import { routeDefiner } from '../../http/route-definition'
import { ProcessParams, ProcessResource, page, WorkspaceParams } from '../../http/schemas'
import { parseInput } from '../../http/validation'
import { getProcess, listProcesses, listSteps } from '../../processes/process-store'
import { createRun } from '../../runs/run-store'
import { CALLBACK_EVENTS, sealCallback } from '../../webhooks/callbacks'
import { getWorkItem, queuedItemIds } from '../../work-items/work-item-store'
import { checkWebhookEndpoint, WebhookEndpoint } from './webhook-shapes'

/** Most payloads one start request may carry. */
export const MAX_PAYLOADS_PER_RUN = 1000

const Callback = z.object({
  url: WebhookEndpoint,
  secret: z.string().min(1).max(1024),
  callback_events: z.array(z.enum(CALLBACK_EVENTS)),
})

const DefaultStart = z.object({ callback: Callback.optional() })
const WithPayloads = z.object({
  type: z.literal('with_payloads'),
  payloads: z.array(z.unknown()).min(1).max(MAX_PAYLOADS_PER_RUN),
  callback: Callback.optional(),
})
const WithWorkItemIds = z.object({
  type: z.literal('with_work_item_ids'),
  work_item_ids: z.array(z.string()).min(1),
  callback: Callback.optional(),
})
const WithInputs = z.object({ type: z.literal('with_inputs'), callback: Callback.optional() })

const START_TYPES = ['with_work_item_ids', 'with_inputs', 'with_payloads'] as const

/**
 * A start request reduced to what the room does with it: the input payloads (null: the default
 * one), or existing work items to use (`workItemIds`), or the process's input queue (`inputs`).
 */
interface StartRequest {
  payloads: unknown[] | null
  workItemIds?: string[]
  inputs?: true
  callback: z.infer<typeof Callback> | undefined
}

/** Reads the start-process-run body (any of the spec's four forms), or throws a 400 naming the field. */
export function parseStartBody(body: unknown): StartRequest {
  if (body === undefined || body === null) return { payloads: null, callback: undefined }
  if (typeof body !== 'object' || Array.isArray(body))
    throw invalidRequest('Invalid request body: expected a JSON object')
  const type = (body as { type?: unknown }).type
  if (type === undefined) {
    const parsed = parseInput(DefaultStart, body, 'body')
    return { payloads: null, callback: parsed.callback }
  }
  if (type === 'with_payloads') {
    const parsed = parseInput(WithPayloads, body, 'body')
    return { payloads: parsed.payloads, callback: parsed.callback }
  }
  if (type === 'with_work_item_ids') {
    const parsed = parseInput(WithWorkItemIds, body, 'body')
    return { payloads: [], workItemIds: parsed.work_item_ids, callback: parsed.callback }
  }
  if (type === 'with_inputs') {
    const parsed = parseInput(WithInputs, body, 'body')
    return { payloads: [], inputs: true, callback: parsed.callback }
  }
  throw invalidRequest(`Invalid request body field "type": expected one of ${START_TYPES.join(', ')}`)
}

/** The start-process-run body as the spec documents it (one of four forms; parsed by parseStartBody). */
const StartProcessRunBody = z.union([DefaultStart, WithWorkItemIds, WithInputs, WithPayloads])

const StartProcessRunResponse = z.union([
  z.object({ started: z.literal(false) }),
  z.object({ started: z.literal(true), id: z.string() }),
])

/**
 * Checks the items of a `with_work_item_ids` start: unknown or another process's items are a 400
 * (naming the field), items already in a run or not `new` a 409.
 */
export function startableItems(
  ctx: RoomContext,
  workspaceId: string,
  processId: string,
  ids: string[],
): string[] {
  if (new Set(ids).size !== ids.length)
    throw invalidRequest('Invalid request body field "work_item_ids": a work item is listed twice')
  for (const id of ids) {
    const item = getWorkItem(ctx.db, workspaceId, id)
    if (!item || item.process_id !== processId) {
      throw invalidRequest(
        `Invalid request body field "work_item_ids": work item ${id.slice(0, 100)} is not an item of this process`,
      )
    }
    if (item.process_run_id !== null || item.state !== 'new') {
      throw apiError(409, 'conflict', `Work item ${id} is already in a process run (state ${item.state})`)
    }
  }
  return ids
}

/** Registers the process routes. */
export function registerProcessRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, API_PREFIX)
  const secretKey = deriveKey(ctx.roomSecret, 'webhook-secrets')
  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/processes',
      operationId: 'listProcesses',
      permission: 'Processes.read_processes',
      summary: 'List processes',
      tag: 'process',
      params: WorkspaceParams,
      response: page(ProcessResource),
    },
    async ({ params }) => {
      const data = listProcesses(ctx.db, params.workspace_id).map((process) => ({
        id: process.id,
        name: process.name,
        created_at: process.created_at,
      }))
      // The 2023-10 spec declares only `data`; later ones paginate. Every process fits one page here.
      return { next: null, has_more: false, data }
    },
  )

  route(
    {
      method: 'POST',
      url: '/workspaces/:workspace_id/processes/:process_id/process-runs',
      operationId: 'startProcessRun',
      permission: 'Processes.trigger_processes',
      summary: 'Start process run',
      tag: 'process-run',
      params: ProcessParams,
      body: StartProcessRunBody,
      validateBody: false,
      response: StartProcessRunResponse,
      errors: [404, 409],
    },
    async ({ params, body }) => {
      const { workspace_id: workspaceId, process_id: processId } = params
      const start = parseStartBody(body)
      const process = found(getProcess(ctx.db, workspaceId, processId), 'Process', processId)
      if (start.callback) await checkWebhookEndpoint(ctx, start.callback.url, 'callback.url')
      const payloads = start.payloads ?? [
        process.default_payload === null ? {} : (JSON.parse(process.default_payload) as unknown),
      ]
      let itemIds: string[] = []
      if (start.workItemIds) itemIds = startableItems(ctx, workspaceId, processId, start.workItemIds)
      if (start.inputs) {
        itemIds = queuedItemIds(ctx.db, processId)
        if (itemIds.length === 0) return { started: false as const }
      }
      const firstStep = listSteps(ctx.db, processId)[0]
      // No await between the checks above and this insert: no other request can take the items.
      const id = createRun(ctx.db, {
        workspaceId,
        processId,
        firstStepId: firstStep?.id ?? null,
        payloads,
        itemIds,
        callback: start.callback ? sealCallback(secretKey, start.callback) : null,
      })
      ctx.runner.enqueue(id)
      return { started: true as const, id }
    },
  )
}
