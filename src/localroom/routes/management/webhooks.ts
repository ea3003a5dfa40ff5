/**
 * Webhooks managed with a user access credential (management API), as Control Room's Integrations
 * page does: the same operations as API v1, plus workspace-scoped webhooks (`process` omitted).
 */
import type { FastifyInstance } from 'fastify'
import { MANAGEMENT_PREFIX, type RoomContext } from '../../context'
import { defineWebhookOperations } from '../api-v1/webhooks'

/** Registers the management API's webhook routes. */
export function registerManagedWebhookRoutes(api: FastifyInstance, ctx: RoomContext): void {
  defineWebhookOperations(api, ctx, {
    prefix: MANAGEMENT_PREFIX,
    auth: 'user-credential',
    permissions: null,
    operationIdPrefix: 'managed',
    workspaceScope: true,
  })
}
