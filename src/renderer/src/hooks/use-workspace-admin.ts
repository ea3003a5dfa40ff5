/**
 * The Workspaces page's actions: add, rename, mark as production, enter or replace the key, link a
 * credential, remove. Each puts the core's answer into the cached connection list, so every view
 * shows it without another read; adding or removing a workspace, or giving it a new key, also reloads
 * what depends on the list (processes, runs, statuses), since the core's watcher follows it too.
 */
import { type QueryClient, useQueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { CommandRequest } from '../../../shared/bridge'
import type { ConnectionSummary } from '../../../shared/domain'
import { useBridge } from '../bridge'

const LIST_KEY = ['connections.list']
/** The answers that change when a workspace comes or goes (prefixes of their cache keys). */
const DEPENDENT_KEYS = [['connections.status'], ['processes.list'], ['runs.list']]

export interface WorkspaceAdmin {
  /** Throws the core's error (key rejected, offline, https required, ...) and saves nothing then. */
  add(request: CommandRequest<'connections', 'add'>): Promise<ConnectionSummary>
  rename(connectionId: string, name: string): Promise<ConnectionSummary>
  setProduction(connectionId: string, production: boolean): Promise<ConnectionSummary>
  linkCredential(connectionId: string, credential: string): Promise<ConnectionSummary>
  /** Throws the core's error (key_rejected, ...) and keeps the old key then. */
  setKey(connectionId: string, apiKey: string): Promise<ConnectionSummary>
  remove(connectionId: string): Promise<void>
}

function replace(queryClient: QueryClient, changed: ConnectionSummary): ConnectionSummary {
  queryClient.setQueryData<ConnectionSummary[]>(LIST_KEY, (old) =>
    old?.some((c) => c.id === changed.id)
      ? old.map((c) => (c.id === changed.id ? changed : c))
      : [...(old ?? []), changed],
  )
  return changed
}

const reloadDependents = (queryClient: QueryClient) =>
  Promise.all(DEPENDENT_KEYS.map((queryKey) => queryClient.invalidateQueries({ queryKey })))

export function useWorkspaceAdmin(): WorkspaceAdmin {
  const { api } = useBridge()
  const queryClient = useQueryClient()
  return useMemo(() => {
    const connections = api.commands.connections
    return {
      async add(request) {
        const added = replace(queryClient, await connections.add(request))
        void reloadDependents(queryClient)
        return added
      },
      rename: async (connectionId, name) =>
        replace(queryClient, await connections.rename({ connectionId, name })),
      setProduction: async (connectionId, production) =>
        replace(queryClient, await connections.setProduction({ connectionId, production })),
      linkCredential: async (connectionId, credential) =>
        replace(queryClient, await connections.linkCredential({ connectionId, credential })),
      async setKey(connectionId, apiKey) {
        const changed = replace(queryClient, await connections.setKey({ connectionId, apiKey }))
        // The core looks at the workspace again at once: its status and runs follow.
        void reloadDependents(queryClient)
        return changed
      },
      async remove(connectionId) {
        await connections.remove({ connectionId })
        queryClient.setQueryData<ConnectionSummary[]>(LIST_KEY, (old) =>
          old?.filter((c) => c.id !== connectionId),
        )
        void reloadDependents(queryClient)
      },
    }
  }, [api, queryClient])
}
