/**
 * A webhook's delivery log and the manual sends, beside its other operations in each scope (API v1
 * and the management API): every attempt of the last 14 days (time, status, latency, response
 * excerpt, error), the deliveries (one per event, with the payload sent), redelivering one event
 * (same id and body: receivers dedupe it), and a test event. Robodeck's own additions: Control Room
 * shows these in its webhook view only (docs/compatibility.md).
 */
import type { DatabaseSync } from 'node:sqlite'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Permission } from '../../../shared/permissions'
import type { RoomContext } from '../../context'
import { notFound } from '../../http/errors'
import { answerPage } from '../../http/pagination'
import { type RouteAuth, routeDefiner } from '../../http/route-definition'
import { PageQuery, page } from '../../http/schemas'
import {
  type AttemptRow,
  type DeliveryRow,
  getDelivery,
  listAttempts,
  listDeliveries,
} from '../../webhooks/delivery-store'
import { type Envelope, testEnvelope } from '../../webhooks/envelope'
import { queueManualDelivery } from '../../webhooks/outbox'
import { getWebhook, type WebhookRow } from '../../webhooks/webhook-store'
import { WebhookParams } from './webhook-shapes'

const Attempt = z.object({
  id: z.string(),
  delivery_id: z.string(),
  event_id: z.string().describe('The envelope id the receiver saw'),
  event: z.string(),
  action: z.string(),
  kind: z.enum(['event', 'redelivery', 'test']),
  attempted_at: z.string(),
  status: z.number().nullable().describe('HTTP status; null when no answer came'),
  latency_ms: z.number(),
  response_excerpt: z.string().nullable().describe('The first 1 KiB of the answer'),
  error: z.string().nullable(),
})

const Delivery = z.object({
  id: z.string(),
  event_id: z.string(),
  event: z.string(),
  action: z.string(),
  kind: z.enum(['event', 'redelivery', 'test']),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  created_at: z.string(),
  next_attempt_at: z.string().nullable().describe('When it is tried again (pending only)'),
  finished_at: z.string().nullable(),
  last_error: z.string().nullable(),
  payload: z.unknown().describe('The JSON body sent, as sent'),
})

const Queued = z.object({
  id: z.string().describe('The new delivery'),
  event_id: z.string(),
  state: z.literal('pending'),
})

type WebhookKey = z.infer<typeof WebhookParams>
const DeliveryParams = WebhookParams.extend({ delivery_id: z.string().min(1) })

function toAttempt(row: AttemptRow): z.infer<typeof Attempt> {
  return {
    id: row.id,
    delivery_id: row.delivery_id,
    event_id: row.event_id,
    event: row.event,
    action: row.action,
    kind: row.kind,
    attempted_at: row.attempted_at,
    status: row.status,
    latency_ms: row.latency_ms,
    response_excerpt: row.response_excerpt,
    error: row.error,
  }
}

function toDelivery(row: DeliveryRow): z.infer<typeof Delivery> {
  return {
    id: row.id,
    event_id: row.event_id,
    event: row.event,
    action: row.action,
    kind: row.kind,
    state: row.state,
    attempts: row.attempts,
    created_at: row.created_at,
    next_attempt_at: row.state === 'pending' ? new Date(row.next_attempt_at).toISOString() : null,
    finished_at: row.finished_at,
    last_error: row.last_error,
    payload: JSON.parse(row.body) as unknown,
  }
}

/** What the scope's webhook operations share with these. */
export interface DeliveryOperations {
  prefix: string
  auth: RouteAuth
  operationId: (name: string) => string
  read: Permission | null
  write: Permission | null
  requireWorkspace: (workspaceId: string) => void
}

/** Declares the delivery log, redeliver and test routes of one scope. */
export function defineWebhookDeliveryOperations(
  api: FastifyInstance,
  ctx: RoomContext,
  ops: DeliveryOperations,
): void {
  const route = routeDefiner(api, ctx.routes, ops.prefix)
  const common = { tag: 'webhooks', auth: ops.auth }
  const webhookOr404 = (workspaceId: string, webhookId: string): WebhookRow => {
    ops.requireWorkspace(workspaceId)
    const row = getWebhook(ctx.db, workspaceId, webhookId)
    if (!row) throw notFound(`Webhook ${webhookId.slice(0, 100)} not found`)
    return row
  }
  /** One page of a webhook's log (its attempts or its deliveries), newest first. */
  const logPage = <Row extends { seq: number }, Resource>(
    input: { params: WebhookKey; query: z.infer<typeof PageQuery>; request: FastifyRequest },
    read: (db: DatabaseSync, webhookId: string, beforeSeq: number | undefined, limit: number) => Row[],
    toResource: (row: Row) => Resource,
  ) => {
    const hook = webhookOr404(input.params.workspace_id, input.params.webhook_id)
    const readPage = (beforeSeq: number | undefined, limit: number) => read(ctx.db, hook.id, beforeSeq, limit)
    return answerPage(input.request, ctx.origin(), input.query, readPage, toResource)
  }
  const send = (hook: WebhookRow, envelope: Envelope, kind: 'redelivery' | 'test') => {
    const id = queueManualDelivery(ctx.db, {
      workspaceId: hook.workspace_id,
      webhookId: hook.id,
      endpoint: hook.endpoint,
      envelope,
      kind,
    })
    return { id, event_id: envelope.id, state: 'pending' as const }
  }

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/webhooks/:webhook_id/attempts',
      operationId: ops.operationId('listWebhookAttempts'),
      permission: ops.read,
      summary: 'List the delivery log of a webhook: every attempt of the last 14 days, newest first',
      params: WebhookParams,
      query: PageQuery,
      response: page(Attempt),
      errors: [404],
    },
    async (input) => logPage(input, listAttempts, toAttempt),
  )

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/webhooks/:webhook_id/deliveries',
      operationId: ops.operationId('listWebhookDeliveries'),
      permission: ops.read,
      summary: 'List the events sent (or to send) to a webhook, with their payload, newest first',
      params: WebhookParams,
      query: PageQuery,
      response: page(Delivery),
      errors: [404],
    },
    async (input) => logPage(input, listDeliveries, toDelivery),
  )

  route(
    {
      ...common,
      method: 'POST',
      url: '/workspaces/:workspace_id/webhooks/:webhook_id/deliveries/:delivery_id/redeliver',
      operationId: ops.operationId('redeliverWebhookEvent'),
      permission: ops.write,
      summary: 'Send one event again now, with the same id and body (one attempt, logged)',
      params: DeliveryParams,
      response: Queued,
      errors: [404],
    },
    async ({ params }) => {
      const hook = webhookOr404(params.workspace_id, params.webhook_id)
      const delivery = getDelivery(ctx.db, hook.id, params.delivery_id)
      if (!delivery) throw notFound(`Delivery ${params.delivery_id.slice(0, 100)} not found`)
      return send(hook, JSON.parse(delivery.body) as Envelope, 'redelivery')
    },
  )

  route(
    {
      ...common,
      method: 'POST',
      url: '/workspaces/:workspace_id/webhooks/:webhook_id/test',
      operationId: ops.operationId('sendWebhookTestEvent'),
      permission: ops.write,
      summary:
        'Send a test event now (one attempt, logged); one that gets through enables a disabled webhook',
      params: WebhookParams,
      response: Queued,
      errors: [404],
    },
    async ({ params }) => {
      const hook = webhookOr404(params.workspace_id, params.webhook_id)
      return send(hook, testEnvelope(hook.workspace_id), 'test')
    },
  )
}
