/**
 * How watching each workspace goes: connections.status once (and whenever the event stream comes
 * back), then each `connection.status` event replaces that connection's entry.
 */
import { useEffect, useState } from 'react'
import type { BridgeApi } from '../../../shared/bridge'
import type { ConnectionStatus } from '../../../shared/domain'
import { useBridge } from '../bridge'
import { useBridgeQuery } from './use-bridge-query'

const load = (api: BridgeApi) => api.commands.connections.status({})

export function useConnectionStatuses(): ReadonlyMap<string, ConnectionStatus> {
  const { api, status } = useBridge()
  const { data, reload } = useBridgeQuery(['connections.status'], load)
  const [statuses, setStatuses] = useState<ReadonlyMap<string, ConnectionStatus>>(new Map())

  useEffect(() => {
    if (data) setStatuses(new Map(data.map((s) => [s.connectionId, s])))
  }, [data])

  useEffect(
    () =>
      api.on('connection.status', (next) =>
        setStatuses((current) => new Map(current).set(next.connectionId, next)),
      ),
    [api],
  )

  // Events sent while web mode's stream was down are lost: read them all again when it is back.
  useEffect(
    () =>
      status.subscribe((next) => {
        if (next === 'live') reload()
      }),
    [status, reload],
  )
  return statuses
}
