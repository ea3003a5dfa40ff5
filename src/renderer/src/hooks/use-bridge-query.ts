/** Loads one bridge command's answer with loading, error and quiet-reload states. */
import { useCallback, useEffect, useRef, useState } from 'react'
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

/**
 * `key` names the answer (the cache key once queries are cached); `load` must be stable (a
 * module-level function), or the query reloads on every render.
 */
export function useBridgeQuery<T>(_key: readonly unknown[], load: (api: BridgeApi) => Promise<T>): Query<T> {
  const { api } = useBridge()
  const [state, setState] = useState<QueryState<T>>({
    data: undefined,
    error: undefined,
    loading: true,
    refreshing: false,
  })
  // Only the newest request may write: an older answer arriving late must not overwrite it.
  const ticket = useRef(0)

  const reload = useCallback(() => {
    const mine = ++ticket.current
    setState((s) => ({ ...s, loading: s.data === undefined, refreshing: s.data !== undefined }))
    load(api).then(
      (data) => {
        if (mine === ticket.current) setState({ data, error: undefined, loading: false, refreshing: false })
      },
      (error: unknown) => {
        // Keep the last good data beside the error: a blip should not blank the panel.
        if (mine === ticket.current) setState((s) => ({ ...s, error, loading: false, refreshing: false }))
      },
    )
  }, [api, load])

  useEffect(() => {
    reload()
    return () => {
      ticket.current++
    }
  }, [reload])

  return { ...state, reload }
}
