/**
 * The local Control Room's webhooks and their delivery logs as the window sees them (issue 11 §6,
 * issue 12 §3). Lists carry endpoints, events, states and the log; a webhook's secret is in the
 * answer of an explicit create or reveal command only, never elsewhere.
 */
import { z } from 'zod'

/** The events a process webhook may ask for (the spec's three). */
export const PROCESS_WEBHOOK_EVENTS = [
  'process_run.started',
  'process_run.completed',
  'process_run.unresolved',
] as const
/**
 * A workspace webhook may also ask for the legacy events of Control Room's web UI. The room's own
 * list is WORKSPACE_WEBHOOK_EVENTS (src/localroom/webhooks/webhook-store.ts); a test pins the two.
 */
export const ROOM_WEBHOOK_EVENTS = [...PROCESS_WEBHOOK_EVENTS, 'process_run', 'robot_run_event'] as const
export const RoomWebhookEvent = z.enum(ROOM_WEBHOOK_EVENTS)
export type RoomWebhookEvent = z.infer<typeof RoomWebhookEvent>

/** What each event is, in the words of the create form. */
export const WEBHOOK_EVENT_LABELS: Record<RoomWebhookEvent, string> = {
  'process_run.started': 'A run started',
  'process_run.completed': 'A run completed',
  'process_run.unresolved': 'A run ended unresolved',
  process_run: 'Legacy: a run started or ended',
  robot_run_event: 'Legacy: a step run started or ended',
}

const DeliveryKind = z.enum(['event', 'redelivery', 'test'])

/** The newest delivery of a webhook: how its last event went. */
export const RoomWebhookLastDelivery = z.object({
  event: z.string(),
  kind: DeliveryKind,
  state: z.enum(['pending', 'delivered', 'failed']),
  createdAt: z.string(),
  lastError: z.string().nullable(),
})
export type RoomWebhookLastDelivery = z.infer<typeof RoomWebhookLastDelivery>

export const RoomWebhook = z.object({
  id: z.string(),
  endpoint: z.string(),
  /** The process it is on; null: the whole workspace. */
  processId: z.string().nullable(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  disabledAt: z.string().nullable(),
  /** Why the room disabled it (it kept failing) or that its owner did. */
  disabledReason: z.string().nullable(),
  /** Null before its first delivery. */
  lastDelivery: RoomWebhookLastDelivery.nullable(),
  /** The webhook Robodeck registered to hear of runs: not edited or deleted from the window. */
  ownedByRobodeck: z.boolean(),
})
export type RoomWebhook = z.infer<typeof RoomWebhook>

/** One attempt to deliver an event, as the room logged it. */
export const RoomWebhookAttempt = z.object({
  id: z.string(),
  deliveryId: z.string(),
  eventId: z.string(),
  event: z.string(),
  action: z.string(),
  kind: DeliveryKind,
  attemptedAt: z.string(),
  /** HTTP status; null when no answer came. */
  status: z.number().nullable(),
  latencyMs: z.number(),
  /** The first 1 KiB of the receiver's answer. */
  responseExcerpt: z.string().nullable(),
  error: z.string().nullable(),
})
export type RoomWebhookAttempt = z.infer<typeof RoomWebhookAttempt>

/** Attempts on one page of a delivery log. */
export const WEBHOOK_LOG_PAGE_SIZE = 25

/** A webhook endpoint as the window sends it: the room judges the URL and says what is wrong. */
export const WebhookEndpointInput = z.string().trim().min(1).max(2048)
