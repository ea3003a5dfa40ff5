/** GET /processes and POST /processes/{process_id}/process-runs (start a run). */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { API_PREFIX, type RoomContext } from '../context'
import { invalidRequest, notFound, notImplemented } from '../errors'
import { routeDefiner } from '../route-definition'
import { ProcessParams, ProcessResource, page, WorkspaceParams } from '../schemas'
import { getProcess, listProcesses, listSteps } from '../store/processes'
import { createRun } from '../store/runs'
import { parseInput } from '../validation'

/** Most payloads one start request may carry. */
export const MAX_PAYLOADS_PER_RUN = 1000

const Callback = z.object({
  url: z.string().min(1),
  secret: z.string(),
  callback_events: z.array(z.enum(['started', 'completed', 'unresolved'])),
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

/** A start request reduced to what the room does with it: the input payloads (null: the default one). */
interface StartRequest {
  payloads: unknown[] | null
  callback: z.infer<typeof Callback> | undefined
}

/** Reads the start-process-run body (any of the spec's four forms), or throws a 400/501. */
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
    parseInput(WithWorkItemIds, body, 'body')
    throw notImplemented(
      'Starting a run with "with_work_item_ids" is not implemented by the local Control Room yet',
    )
  }
  if (type === 'with_inputs') {
    parseInput(WithInputs, body, 'body')
    throw notImplemented('Starting a run with "with_inputs" is not implemented by the local Control Room yet')
  }
  throw invalidRequest(`Invalid request body field "type": expected one of ${START_TYPES.join(', ')}`)
}

/** The start-process-run body as the spec documents it (one of four forms; parsed by parseStartBody). */
const StartProcessRunBody = z.union([DefaultStart, WithWorkItemIds, WithInputs, WithPayloads])

const StartProcessRunResponse = z.union([
  z.object({ started: z.literal(false) }),
  z.object({ started: z.literal(true), id: z.string() }),
])

/** Registers the process routes. */
export function registerProcessRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, API_PREFIX)
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
      const process = getProcess(ctx.db, workspaceId, processId)
      if (!process) throw notFound(`Process ${processId} not found`)
      const payloads = start.payloads ?? [
        process.default_payload === null ? {} : (JSON.parse(process.default_payload) as unknown),
      ]
      const firstStep = listSteps(ctx.db, processId)[0]
      const id = createRun(ctx.db, {
        workspaceId,
        processId,
        firstStepId: firstStep?.id ?? null,
        payloads,
        callback: start.callback,
      })
      ctx.runner.enqueue(id)
      return { started: true as const, id }
    },
  )
}
