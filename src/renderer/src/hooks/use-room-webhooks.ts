/**
 * The local room's webhooks and each one's delivery log: the list (cached; it holds no secret), the
 * changes, each followed by a reload of the list, and the sends (test event, redeliver). A new
 * webhook's secret and a revealed one are handed to the caller only, never put in the query cache.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { BridgeApi } from '../../../shared/bridge'
import type { RoomWebhook, RoomWebhookAttempt, RoomWebhookEvent } from '../../../shared/room-webhooks'
import { useBridge } from '../bridge'
import { type Query, useBridgeQuery } from './use-bridge-query'

type Room = BridgeApi['commands']['room']

export interface WebhookChange {
  endpoint?: string
  events?: RoomWebhookEvent[]
  enabled?: boolean
}

export interface RoomWebhooks {
  webhooks: Query<RoomWebhook[]>
  create(input: {
    endpoint: string
    events: RoomWebhookEvent[]
    processId?: string
  }): ReturnType<Room['createWebhook']>
  reveal(webhookId: string): Promise<string>
  update(webhookId: string, change: WebhookChange): Promise<RoomWebhook>
  remove(webhookId: string): Promise<unknown>
}

export function useRoomWebhooks(connectionId: string): RoomWebhooks {
  const { api } = useBridge()
  const room = api.commands.room
  const webhooks = useBridgeQuery(
    ['room.webhooks', connectionId],
    useCallback((bridge: BridgeApi) => bridge.commands.room.webhooks({ connectionId }), [connectionId]),
  )
  const thenReload = async <T>(change: Promise<T>): Promise<T> => {
    try {
      return await change
    } finally {
      webhooks.reload()
    }
  }
  return {
    webhooks,
    create: (input) => thenReload(room.createWebhook({ connectionId, ...input })),
    reveal: async (webhookId) => (await room.revealWebhookSecret({ connectionId, webhookId })).secret,
    update: (webhookId, change) => thenReload(room.updateWebhook({ connectionId, webhookId, ...change })),
    remove: (webhookId) => thenReload(room.deleteWebhook({ connectionId, webhookId })),
  }
}

/** The room sends a queued event within moments: the log is read again a few times after a send. */
const READ_AGAIN_AFTER_MS = [400, 1500, 4000]

export interface WebhookLog {
  attempts: Query<{ attempts: RoomWebhookAttempt[]; next: string | null }>
  /** The page shown: 0 is the newest. */
  pageIndex: number
  older(): void
  newest(): void
  /** Sends a test event, or one delivery again; the log then shows its attempt as it comes. */
  test(): Promise<unknown>
  redeliver(deliveryId: string): Promise<unknown>
}

/**
 * One webhook's delivery log, a page at a time (the room's cursor; the newest page first), read
 * while `shown`. A send goes back to the newest page and tells `sent` (the list's "last delivery"
 * changes too).
 */
export function useWebhookLog(
  connectionId: string,
  webhookId: string,
  { shown, sent }: { shown: boolean; sent(): void },
): WebhookLog {
  const { api } = useBridge()
  const [cursors, setCursors] = useState<string[]>([])
  const cursor = cursors.at(-1)
  const attempts = useBridgeQuery(
    ['room.webhookAttempts', connectionId, webhookId, cursor ?? ''],
    useCallback(
      (bridge: BridgeApi) =>
        bridge.commands.room.webhookAttempts({ connectionId, webhookId, ...(cursor ? { cursor } : {}) }),
      [connectionId, webhookId, cursor],
    ),
    { enabled: shown },
  )
  // The timers outlive the render that set them: they call what is current when they fire.
  const latest = useRef({ reload: attempts.reload, sent })
  latest.current = { reload: attempts.reload, sent }
  const timers = useRef<ReturnType<typeof setTimeout>[]>([])
  useEffect(() => () => timers.current.forEach(clearTimeout), [])
  const afterSend = async <T>(send: Promise<T>): Promise<T> => {
    const answer = await send
    setCursors([])
    latest.current.sent()
    for (const ms of READ_AGAIN_AFTER_MS)
      timers.current.push(
        setTimeout(() => {
          latest.current.reload()
          latest.current.sent()
        }, ms),
      )
    return answer
  }
  const room = api.commands.room
  return {
    attempts,
    pageIndex: cursors.length,
    older: () => {
      const next = attempts.data?.next
      if (next) setCursors((shownPages) => [...shownPages, next])
    },
    newest: () => setCursors([]),
    test: () => afterSend(room.testWebhook({ connectionId, webhookId })),
    redeliver: (deliveryId) => afterSend(room.redeliverWebhook({ connectionId, webhookId, deliveryId })),
  }
}
