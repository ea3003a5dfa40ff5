/**
 * Loads one bridge command's answer with loading, error and quiet-reload states, cached by key in
 * TanStack Query: two components asking for the same answer share one request, and a reload
 * supersedes a request in flight, so an older answer arriving late never overwrites a newer one.
 */
import { QueryClient, useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useRef } from 'react'
import type { BridgeApi } from '../../../shared/bridge'
import { useBridge } from '../bridge'

export interface QueryState<T> {
  data: T | undefined
  error: unknown
  /** True only until the first answer (or error): panels show a placeholder then. */
  loading: boolean
  /** True while a reload runs over data already shown, which stays on screen meanwhile. */
  refreshing: boolean
}

export interface Query<T> extends QueryState<T> {
  reload(): void
}

/** The cache's rules for bridge answers, stated once for the app and its tests. */
export function createBridgeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The core already retries what is worth retrying; a bridge error is the final word.
        retry: false,
        // Live events and the stream's return to `live` drive reloads, not window focus.
        refetchOnWindowFocus: false,
      },
    },
  })
}

/**
 * `key` names the answer in the cache (the command's wire name, then its arguments); `load` must
 * be stable (a module-level function), since it is not part of the key. While `enabled` is false
 * nothing is asked (the query stays loading).
 */
export function useBridgeQuery<T>(
  key: readonly unknown[],
  load: (api: BridgeApi) => Promise<T>,
  options: { enabled?: boolean } = {},
): Query<T> {
  const { api } = useBridge()
  const queryClient = useQueryClient()
  const query = useQuery({ queryKey: key, queryFn: () => load(api), enabled: options.enabled ?? true })
  const keyRef = useRef(key)
  keyRef.current = key
  const { refetch } = query
  // A reload always asks afresh: the request in flight is cancelled first (its answer is then
  // dropped), even the first load's, which refetch alone would join. useRuns relies on this: the
  // answer must be computed after the event stream came back, not before.
  const reload = useCallback(() => {
    void queryClient.cancelQueries({ queryKey: keyRef.current, exact: true }).then(() => refetch())
  }, [queryClient, refetch])
  return {
    data: query.data,
    // A failed reload keeps the last good data beside the error: a blip should not blank the panel.
    error: query.error ?? undefined,
    loading: query.isPending,
    refreshing: query.isFetching && !query.isPending,
    reload,
  }
}
