/**
 * The bridge contract's webhooks of the local room (issue 11 §6, issue 12 §3;
 * src/main/core/room-webhooks.ts): the list, create, edit, delete, the delivery log, redeliver and
 * test events, through the room's management API as its owner. A webhook's secret is in the
 * answer to createWebhook and revealWebhookSecret only: never in a list, an error or an event.
 */
import { z } from 'zod'
import { id } from './bridge-fields'
import { RoomWebhook, RoomWebhookAttempt, RoomWebhookEvent, WebhookEndpointInput } from './room-webhooks'

export function roomWebhookCommands() {
  const local = { connectionId: id }
  const webhook = { ...local, webhookId: id }
  const events = z.array(RoomWebhookEvent).min(1).max(RoomWebhookEvent.options.length)
  const queued = z.object({ deliveryId: z.string(), eventId: z.string() })
  return {
    /** The room's webhooks (never their secrets), newest first, Robodeck's own marked. */
    webhooks: { request: z.object(local).strict(), response: z.array(RoomWebhook) },
    /** Creates a webhook on the workspace, or on one process; its secret is answered here. */
    createWebhook: {
      request: z
        .object({ ...local, endpoint: WebhookEndpointInput, events, processId: id.optional() })
        .strict(),
      response: z.object({ webhook: RoomWebhook, secret: z.string() }),
    },
    /** A webhook's secret, on the user's explicit request; Robodeck's own is refused (own_webhook). */
    revealWebhookSecret: { request: z.object(webhook).strict(), response: z.object({ secret: z.string() }) },
    /** Changes a webhook's endpoint, events, or enables (disables) it; Robodeck's own is refused. */
    updateWebhook: {
      request: z
        .object({
          ...webhook,
          endpoint: WebhookEndpointInput.optional(),
          events: events.optional(),
          enabled: z.boolean().optional(),
        })
        .strict(),
      response: RoomWebhook,
    },
    /** Deletes a webhook; Robodeck's own is refused (own_webhook). */
    deleteWebhook: { request: z.object(webhook).strict(), response: z.object({ id: z.string() }) },
    /** One page of a webhook's delivery log, newest first; `next` continues it. */
    webhookAttempts: {
      request: z.object({ ...webhook, cursor: z.string().min(1).max(500).optional() }).strict(),
      response: z.object({ attempts: z.array(RoomWebhookAttempt), next: z.string().nullable() }),
    },
    /** Sends one delivery's event again now (same id and body). */
    redeliverWebhook: { request: z.object({ ...webhook, deliveryId: id }).strict(), response: queued },
    /** Sends a test event now; one that gets through enables a disabled webhook. */
    testWebhook: { request: z.object(webhook).strict(), response: queued },
  } as const
}

/** The webhook section's error codes (BridgeErrorCode). */
export const ROOM_WEBHOOK_ERROR_CODES = [
  'invalid_webhook', // the room refused an endpoint or events (400); its message says which and why
  'own_webhook', // the webhook Robodeck registered for itself cannot be changed, deleted or shown here
] as const
