/**
 * Webhooks: list, create, get, delete, in API v1 (process-scoped, as the spec allows) and, through
 * defineWebhookOperations, in the management API (workspace scope too, and the legacy events).
 * Each scope also gets the delivery log, redelivery and test events (webhook-deliveries.ts). The
 * sending itself is webhooks/sender.ts.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Permission } from '../../../shared/permissions'
import { API_PREFIX, type RoomContext } from '../../context'
import { deriveKey } from '../../credentials/room-secret'
import { getWorkspace } from '../../db/workspaces'
import { invalidRequest, notFound } from '../../http/errors'
import { answerPage } from '../../http/pagination'
import { type RouteAuth, routeDefiner } from '../../http/route-definition'
import { Deleted, PageQuery, page, WorkspaceParams } from '../../http/schemas'
import { getProcess } from '../../processes/process-store'
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  rowEvents,
  WEBHOOK_EVENTS,
  type WebhookRow,
  WORKSPACE_WEBHOOK_EVENTS,
  webhookSecret,
} from '../../webhooks/webhook-store'
import { defineWebhookDeliveryOperations } from './webhook-deliveries'
import { checkWebhookEndpoint, WebhookEndpoint, WebhookParams } from './webhook-shapes'

const Endpoint = WebhookEndpoint
const Events = z.array(z.enum(WEBHOOK_EVENTS)).min(1)
/** The events a management caller may choose (workspace webhooks also take the legacy ones). */
export const WorkspaceEvents = z.array(z.enum(WORKSPACE_WEBHOOK_EVENTS)).min(1)
const ProcessRef = z.object({ id: z.string().min(1) })

/** The spec's ProcessWebhookPayload: API v1 creates process-scoped webhooks only. */
const ProcessWebhookBody = z.object({ endpoint: Endpoint, enabled_events: Events, process: ProcessRef })
/** The management API also creates workspace-scoped ones (`process` absent or null). */
const ManagedWebhookBody = z.object({
  endpoint: Endpoint,
  enabled_events: WorkspaceEvents,
  process: ProcessRef.nullable().optional(),
})

export const WebhookSummary = z.object({
  id: z.string(),
  process: z.object({ id: z.string() }).nullable().describe('null: the webhook covers the whole workspace'),
  enabled_events: z.array(z.string()),
  endpoint: z.string(),
  enabled: z.boolean().describe('false: disabled after failing for days (disabled_reason says why)'),
  disabled_at: z.string().nullable(),
  disabled_reason: z.string().nullable(),
})
/** The spec's WebhookResource: includes the shared secret (create and get answer it). */
const WebhookResource = WebhookSummary.extend({
  secret: z.string().describe('The shared secret deliveries are signed with (x-rc-signature)'),
})

/** A webhook as the API answers it, without its secret. */
export function toSummary(row: WebhookRow): z.infer<typeof WebhookSummary> {
  return {
    id: row.id,
    process: row.process_id === null ? null : { id: row.process_id },
    enabled_events: rowEvents(row),
    endpoint: row.endpoint,
    enabled: row.disabled_at === null,
    disabled_at: row.disabled_at,
    disabled_reason: row.disabled_reason,
  }
}

/** How one scope exposes the webhook operations. */
export interface WebhookOperations {
  prefix: string
  auth: RouteAuth
  /** Permissions for api-key routes; null for routes whose guard is not a key. */
  permissions: { read: Permission; write: Permission } | null
  /** Prefix for operationIds outside API v1 (e.g. "managed"), so ids stay unique in the document. */
  operationIdPrefix?: string
  /** Whether `process` may be omitted (workspace scope). */
  workspaceScope: boolean
}

/** Declares list/create/get/delete webhook routes on a scope. */
export function defineWebhookOperations(
  api: FastifyInstance,
  ctx: RoomContext,
  ops: WebhookOperations,
): void {
  const route = routeDefiner(api, ctx.routes, ops.prefix)
  const secretKey = deriveKey(ctx.roomSecret, 'webhook-secrets')
  const id = (name: string) =>
    ops.operationIdPrefix ? `${ops.operationIdPrefix}${name[0]?.toUpperCase()}${name.slice(1)}` : name
  const common = { tag: 'webhooks', auth: ops.auth }
  const read = ops.permissions ? ops.permissions.read : null
  const write = ops.permissions ? ops.permissions.write : null
  // Only proven callers get here; a management caller may still name a workspace that is not this room's.
  const requireWorkspace = (workspaceId: string) => {
    if (!getWorkspace(ctx.db, workspaceId)) throw notFound(`Workspace ${workspaceId} not found`)
  }
  const withSecret = (row: WebhookRow) => ({
    ...toSummary(row),
    secret: webhookSecret(secretKey, row),
  })

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/webhooks',
      operationId: id('listWebhooks'),
      permission: read,
      summary: 'List webhooks',
      params: WorkspaceParams,
      query: PageQuery,
      response: page(WebhookSummary),
    },
    async ({ params, query, request }) => {
      requireWorkspace(params.workspace_id)
      return answerPage(
        request,
        ctx.origin(),
        query,
        (beforeSeq, limit) => listWebhooks(ctx.db, { workspaceId: params.workspace_id, beforeSeq, limit }),
        toSummary,
      )
    },
  )

  route(
    {
      ...common,
      method: 'POST',
      url: '/workspaces/:workspace_id/webhooks',
      operationId: id('createWebhook'),
      permission: write,
      summary: ops.workspaceScope ? 'Create a workspace or process webhook' : 'Create process webhook',
      params: WorkspaceParams,
      body: ops.workspaceScope ? ManagedWebhookBody : ProcessWebhookBody,
      bodyRequired: true,
      response: WebhookResource,
      errors: ops.workspaceScope ? [404] : [],
    },
    async ({ params, body }) => {
      requireWorkspace(params.workspace_id)
      await checkWebhookEndpoint(ctx, body.endpoint, 'endpoint')
      const processId = body.process?.id ?? null
      if (processId !== null && !getProcess(ctx.db, params.workspace_id, processId)) {
        throw invalidRequest(
          `Invalid request body field "process.id": no process ${processId} in this workspace`,
        )
      }
      const { row, secret } = createWebhook(ctx.db, secretKey, {
        workspaceId: params.workspace_id,
        processId,
        endpoint: body.endpoint,
        events: body.enabled_events,
      })
      return { ...toSummary(row), secret }
    },
  )

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/webhooks/:webhook_id',
      operationId: id('getWebhook'),
      permission: read,
      summary: 'Get webhook',
      params: WebhookParams,
      response: WebhookResource,
      errors: [404],
    },
    async ({ params }) => {
      const row = getWebhook(ctx.db, params.workspace_id, params.webhook_id)
      if (!row) throw notFound(`Webhook ${params.webhook_id} not found`)
      return withSecret(row)
    },
  )

  route(
    {
      ...common,
      method: 'DELETE',
      url: '/workspaces/:workspace_id/webhooks/:webhook_id',
      operationId: id('deleteWebhook'),
      permission: write,
      summary: 'Delete webhook',
      params: WebhookParams,
      response: Deleted,
      errors: [404],
    },
    async ({ params }) => {
      if (!deleteWebhook(ctx.db, params.workspace_id, params.webhook_id))
        throw notFound(`Webhook ${params.webhook_id} not found`)
      return { id: params.webhook_id, deleted: true as const }
    },
  )

  defineWebhookDeliveryOperations(api, ctx, { ...ops, operationId: id, read, write, requireWorkspace })
}

/** Registers the API v1 webhook routes. */
export function registerWebhookRoutes(api: FastifyInstance, ctx: RoomContext): void {
  defineWebhookOperations(api, ctx, {
    prefix: API_PREFIX,
    auth: 'api-key',
    permissions: { read: 'Webhooks.read_webhooks', write: 'Webhooks.write_webhooks' },
    workspaceScope: false,
  })
}
