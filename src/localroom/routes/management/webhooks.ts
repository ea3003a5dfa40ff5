/**
 * Webhooks managed with a user access credential (management API), as Control Room's Integrations
 * page does: the same operations as API v1, plus workspace-scoped webhooks (`process` omitted) and
 * an update (endpoint, events, enabled), which Control Room's webhook view has and API v1 has not.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { MANAGEMENT_PREFIX, type RoomContext } from '../../context'
import { notFound } from '../../http/errors'
import { routeDefiner } from '../../http/route-definition'
import { updateWebhook } from '../../webhooks/webhook-store'
import { checkWebhookEndpoint, WebhookEndpoint, WebhookParams } from '../api-v1/webhook-shapes'
import { defineWebhookOperations, toSummary, WebhookSummary, WorkspaceEvents } from '../api-v1/webhooks'

const UpdateBody = z
  .object({
    endpoint: WebhookEndpoint.optional(),
    enabled_events: WorkspaceEvents.optional(),
    enabled: z
      .boolean()
      .optional()
      .describe('true enables a disabled webhook (it hears of events from then on); false disables it'),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'give "endpoint", "enabled_events" or "enabled"',
  })

/** Registers the management API's webhook routes. */
export function registerManagedWebhookRoutes(api: FastifyInstance, ctx: RoomContext): void {
  defineWebhookOperations(api, ctx, {
    prefix: MANAGEMENT_PREFIX,
    auth: 'user-credential',
    permissions: null,
    operationIdPrefix: 'managed',
    workspaceScope: true,
  })

  routeDefiner(
    api,
    ctx.routes,
    MANAGEMENT_PREFIX,
  )(
    {
      tag: 'webhooks',
      auth: 'user-credential',
      method: 'PATCH',
      url: '/workspaces/:workspace_id/webhooks/:webhook_id',
      operationId: 'managedUpdateWebhook',
      summary: 'Change a webhook: its endpoint, its events, enabled or disabled (the secret stays)',
      params: WebhookParams,
      body: UpdateBody,
      bodyRequired: true,
      response: WebhookSummary,
      errors: [404],
    },
    async ({ params, body }) => {
      if (body.endpoint !== undefined) await checkWebhookEndpoint(ctx, body.endpoint, 'endpoint')
      const row = updateWebhook(ctx.db, params.workspace_id, params.webhook_id, {
        endpoint: body.endpoint,
        events: body.enabled_events,
        enabled: body.enabled,
      })
      if (!row) throw notFound(`Webhook ${params.webhook_id.slice(0, 100)} not found`)
      return toSummary(row)
    },
  )
}
