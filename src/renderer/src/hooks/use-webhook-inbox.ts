/**
 * The webhook inbox for its panel: the receiver's status and the stored deliveries (reloaded on
 * each `inbox.delivery` event and when web mode's event stream comes back), one delivery in full,
 * and the actions (turn on/off, set the secret, clear, replay) with their pending and error state.
 */
import { useCallback, useEffect, useState } from 'react'
import type { BridgeApi } from '../../../shared/bridge'
import type {
  InboxDelivery,
  InboxDeliverySummary,
  InboxReplayResult,
  InboxStatus,
} from '../../../shared/bridge-inbox'
import { isBridgeError, useBridge } from '../bridge'
import { type ActionState, useAction } from './use-action'
import { type Query, useBridgeQuery } from './use-bridge-query'

const loadStatus = (api: BridgeApi) => api.commands.inbox.status({})
const loadList = (api: BridgeApi) => api.commands.inbox.list({})

export interface WebhookInboxState {
  status: Query<InboxStatus>
  deliveries: Query<InboxDeliverySummary[]>
  action: ActionState
  configure(enabled: boolean, port?: number): Promise<void>
  /** null clears the secret. */
  setSecret(secret: string | null): Promise<void>
  clear(): Promise<void>
}

export function useWebhookInbox(): WebhookInboxState {
  const { api, status: stream } = useBridge()
  const status = useBridgeQuery(['inbox.status'], loadStatus)
  const deliveries = useBridgeQuery(['inbox.list'], loadList)
  const action = useAction()
  const { run } = action
  const reloadStatus = status.reload
  const reloadList = deliveries.reload

  const reloadAll = useCallback(() => {
    reloadStatus()
    reloadList()
  }, [reloadStatus, reloadList])

  useEffect(() => api.on('inbox.delivery', reloadAll), [api, reloadAll])
  useEffect(
    () => stream.subscribe((next) => (next === 'live' ? reloadAll() : undefined)),
    [stream, reloadAll],
  )

  const configure = useCallback(
    async (enabled: boolean, port?: number) => {
      await run(async () => {
        try {
          await api.commands.inbox.configure(port === undefined ? { enabled } : { enabled, port })
        } catch (error) {
          // A taken port is the receiver's state, which the status shows beside the port field.
          if (!(isBridgeError(error) && error.code === 'inbox_port_unavailable')) throw error
        }
      })
      reloadStatus()
    },
    [api, run, reloadStatus],
  )
  const setSecret = useCallback(
    async (secret: string | null) => {
      await run(() => api.commands.inbox.setSecret({ secret }))
      reloadAll()
    },
    [api, run, reloadAll],
  )
  const clear = useCallback(async () => {
    await run(() => api.commands.inbox.clear({}))
    reloadAll()
  }, [api, run, reloadAll])

  return { status, deliveries, action, configure, setSecret, clear }
}

/** One delivery with its headers and body. */
export function useInboxDelivery(deliveryId: string): Query<InboxDelivery> {
  const load = useCallback((api: BridgeApi) => api.commands.inbox.get({ deliveryId }), [deliveryId])
  return useBridgeQuery(['inbox.get', deliveryId], load)
}

/** Replaying one delivery: the last result, pending and error. */
export function useReplay(deliveryId: string) {
  const { api } = useBridge()
  const action = useAction()
  const { run } = action
  const [result, setResult] = useState<InboxReplayResult | undefined>()
  const replay = useCallback(
    async (url: string, allowAnyUrl: boolean) => {
      setResult(undefined)
      setResult(await run(() => api.commands.inbox.replay({ deliveryId, url, allowAnyUrl })))
    },
    [api, run, deliveryId],
  )
  return { ...action, result, replay }
}
