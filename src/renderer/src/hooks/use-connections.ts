import { useMemo } from 'react'
import type { BridgeApi } from '../../../shared/bridge'
import type { ConnectionSummary } from '../../../shared/domain'
import { launchNeedsConfirmation } from '../../../shared/system-settings'
import { type Query, useBridgeQuery } from './use-bridge-query'

const load = (api: BridgeApi) => api.commands.connections.list({})

export interface ConnectionsQuery extends Query<ConnectionSummary[]> {
  /** The workspace name of a connection id, falling back to the id while the list loads. */
  nameOf(connectionId: string): string
  /**
   * Whether a launch there must ask first: marked production, or not known (yet) to be otherwise,
   * so a launch before the list has loaded does not skip the question.
   */
  isProduction(connectionId: string): boolean
}

/** Every configured workspace connection. */
export function useConnections(): ConnectionsQuery {
  const query = useBridgeQuery(['connections.list'], load)
  const nameOf = useMemo(() => {
    const names = new Map(query.data?.map((c) => [c.id, c.name]))
    return (connectionId: string) => names.get(connectionId) ?? connectionId
  }, [query.data])
  const isProduction = useMemo(() => {
    // The rule the tray's launches follow too (src/shared/system-settings.ts).
    const known = new Map(query.data?.map((c) => [c.id, launchNeedsConfirmation(c)]))
    return (connectionId: string) => known.get(connectionId) ?? true
  }, [query.data])
  return { ...query, nameOf, isProduction }
}
