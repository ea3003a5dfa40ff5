/**
 * The local room's webhooks and their delivery logs, through the room's management API
 * (routes/management/webhooks.ts, routes/api-v1/webhook-deliveries.ts). A webhook's secret is
 * returned only by createWebhook and revealWebhookSecret, and never put in an error. The webhook
 * Robodeck registered for its own push (webhooks/local-push.ts) is marked, and refused on edit,
 * delete and reveal: its secret stays in main, and the window must not cut its own notifications.
 */
import { z } from 'zod'
import {
  type RoomWebhook,
  type RoomWebhookAttempt,
  type RoomWebhookEvent,
  WEBHOOK_LOG_PAGE_SIZE,
} from '../../shared/room-webhooks'
import { CoreError } from './errors'
import { listAll } from './room-keys'
import { callManagement, managementPath, type RoomManagement } from './room-management'
import { parseWebhookAnswer } from './room-webhooks-answer'
import { isRobodeckPushEndpoint } from './webhooks/local-push'

const ManagedWebhook = z.object({
  id: z.string(),
  process: z.object({ id: z.string() }).nullable(),
  enabled_events: z.array(z.string()),
  endpoint: z.string(),
  enabled: z.boolean(),
  disabled_at: z.string().nullable(),
  disabled_reason: z.string().nullable(),
})
type ManagedWebhook = z.infer<typeof ManagedWebhook>
const WithSecret = ManagedWebhook.extend({ secret: z.string() })
const Kind = z.enum(['event', 'redelivery', 'test'])
const ManagedDelivery = z.object({
  event: z.string(),
  kind: Kind,
  state: z.enum(['pending', 'delivered', 'failed']),
  created_at: z.string(),
  last_error: z.string().nullable(),
})
const ManagedAttempt = z.object({
  id: z.string(),
  delivery_id: z.string(),
  event_id: z.string(),
  event: z.string(),
  action: z.string(),
  kind: Kind,
  attempted_at: z.string(),
  status: z.number().nullable(),
  latency_ms: z.number(),
  response_excerpt: z.string().nullable(),
  error: z.string().nullable(),
})
const Page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next: z.string().nullable() })
const Queued = z.object({ id: z.string(), event_id: z.string() })

const webhookPath = (room: RoomManagement, ...rest: string[]) => managementPath(room, 'webhooks', ...rest)

/** The workspace's webhooks, each with how its newest delivery went. */
export async function listWebhooks(room: RoomManagement): Promise<RoomWebhook[]> {
  const hooks = await listAll(room, webhookPath(room), ManagedWebhook)
  // A desk's room has a handful of webhooks: one small read each, side by side.
  return Promise.all(hooks.map(async (hook) => toRoomWebhook(hook, await lastDelivery(room, hook.id))))
}

async function lastDelivery(room: RoomManagement, webhookId: string) {
  const answer = await callManagement(room, 'GET', `${webhookPath(room, webhookId, 'deliveries')}?limit=1`)
  if (answer.status === 404) return null // deleted since the list was read: it goes at the next reload
  const [newest] = parseWebhookAnswer(Page(ManagedDelivery), answer, 'webhook').data
  return newest ?? null
}

/** Creates a webhook on the workspace, or on one process: it and its secret. */
export async function createWebhook(
  room: RoomManagement,
  input: { endpoint: string; events: readonly RoomWebhookEvent[]; processId?: string | undefined },
): Promise<{ webhook: RoomWebhook; secret: string }> {
  const body = {
    endpoint: input.endpoint,
    enabled_events: input.events,
    process: input.processId === undefined ? null : { id: input.processId },
  }
  const created = parseWebhookAnswer(
    WithSecret,
    await callManagement(room, 'POST', webhookPath(room), body),
    'webhook',
  )
  return { webhook: toRoomWebhook(created, null), secret: created.secret }
}

/** A webhook's secret, read from the room on the user's request; Robodeck's own is refused. */
export async function revealWebhookSecret(room: RoomManagement, webhookId: string): Promise<string> {
  return (await notOwn(room, webhookId, 'show the secret of')).secret
}

/** Changes a webhook's endpoint, events or whether it is enabled; Robodeck's own is refused. */
export async function updateWebhook(
  room: RoomManagement,
  webhookId: string,
  change: {
    endpoint?: string | undefined
    events?: readonly RoomWebhookEvent[] | undefined
    enabled?: boolean | undefined
  },
): Promise<RoomWebhook> {
  await notOwn(room, webhookId, 'change')
  const body = {
    ...(change.endpoint === undefined ? {} : { endpoint: change.endpoint }),
    ...(change.events === undefined ? {} : { enabled_events: change.events }),
    ...(change.enabled === undefined ? {} : { enabled: change.enabled }),
  }
  const answer = await callManagement(room, 'PATCH', webhookPath(room, webhookId), body)
  const hook = parseWebhookAnswer(ManagedWebhook, answer, 'webhook')
  return toRoomWebhook(hook, await lastDelivery(room, hook.id))
}

/** Deletes a webhook (its log goes with it); Robodeck's own is refused. */
export async function deleteWebhook(room: RoomManagement, webhookId: string): Promise<void> {
  await notOwn(room, webhookId, 'delete')
  const answer = await callManagement(room, 'DELETE', webhookPath(room, webhookId))
  parseWebhookAnswer(z.object({ deleted: z.literal(true) }), answer, 'webhook')
}

/** One page of a webhook's attempts, newest first, and the cursor of the next page (or null). */
export async function listWebhookAttempts(
  room: RoomManagement,
  webhookId: string,
  cursor?: string,
): Promise<{ attempts: RoomWebhookAttempt[]; next: string | null }> {
  const query = new URLSearchParams({ limit: String(WEBHOOK_LOG_PAGE_SIZE) })
  if (cursor !== undefined) query.set('cursor', cursor)
  const answer = await callManagement(room, 'GET', `${webhookPath(room, webhookId, 'attempts')}?${query}`)
  const page = parseWebhookAnswer(Page(ManagedAttempt), answer, 'webhook')
  return { attempts: page.data.map(toRoomAttempt), next: page.next ? cursorOf(page.next) : null }
}

/** The room's opaque cursor inside its `next` link (the window asks for the page by it). */
const cursorOf = (next: string) => new URL(next, 'http://room').searchParams.get('cursor')

/** Sends one delivery's event again now. */
export async function redeliverWebhook(room: RoomManagement, webhookId: string, deliveryId: string) {
  const path = webhookPath(room, webhookId, 'deliveries', deliveryId, 'redeliver')
  return toQueued(parseWebhookAnswer(Queued, await callManagement(room, 'POST', path), 'delivery'))
}

/** Sends a test event now. */
export async function testWebhook(room: RoomManagement, webhookId: string) {
  const path = webhookPath(room, webhookId, 'test')
  return toQueued(parseWebhookAnswer(Queued, await callManagement(room, 'POST', path), 'webhook'))
}

const toQueued = (queued: z.infer<typeof Queued>) => ({ deliveryId: queued.id, eventId: queued.event_id })

/** The webhook as the room has it (with its secret), unless it is Robodeck's own. */
async function notOwn(room: RoomManagement, webhookId: string, doing: string) {
  const hook = parseWebhookAnswer(
    WithSecret,
    await callManagement(room, 'GET', webhookPath(room, webhookId)),
    'webhook',
  )
  if (isRobodeckPushEndpoint(hook.endpoint))
    throw new CoreError(
      'own_webhook',
      `This is the webhook Robodeck registered to hear of runs the moment they change: the window does not ${doing} it.`,
    )
  return hook
}

function toRoomWebhook(hook: ManagedWebhook, last: z.infer<typeof ManagedDelivery> | null): RoomWebhook {
  return {
    id: hook.id,
    endpoint: hook.endpoint,
    processId: hook.process?.id ?? null,
    events: hook.enabled_events,
    enabled: hook.enabled,
    disabledAt: hook.disabled_at,
    disabledReason: hook.disabled_reason,
    lastDelivery: last && {
      event: last.event,
      kind: last.kind,
      state: last.state,
      createdAt: last.created_at,
      lastError: last.last_error,
    },
    ownedByRobodeck: isRobodeckPushEndpoint(hook.endpoint),
  }
}

function toRoomAttempt(attempt: z.infer<typeof ManagedAttempt>): RoomWebhookAttempt {
  return {
    id: attempt.id,
    deliveryId: attempt.delivery_id,
    eventId: attempt.event_id,
    event: attempt.event,
    action: attempt.action,
    kind: attempt.kind,
    attemptedAt: attempt.attempted_at,
    status: attempt.status,
    latencyMs: attempt.latency_ms,
    responseExcerpt: attempt.response_excerpt,
    error: attempt.error,
  }
}
