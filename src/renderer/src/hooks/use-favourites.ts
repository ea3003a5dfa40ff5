/**
 * The favourite processes, the same list the tray launches from (`settings.favourites`): which
 * processes are favourites, and starring or unstarring one. A favourite's saved payload (the
 * tray's) is kept as it is; a process starred here starts with none.
 */
import { useCallback, useMemo, useState } from 'react'
import type { ProcessSummary } from '../../../shared/domain'
import { useSettings } from './use-settings'

export interface Favourites {
  /** `connectionId\u0000processId` of each favourite (the key processKeyOf gives). */
  keys: ReadonlySet<string>
  /** A save is on its way: a second toggle now would be computed from a stale list. */
  pending: boolean
  error: unknown
  toggle(process: Pick<ProcessSummary, 'connectionId' | 'id'>): Promise<void>
  clearError(): void
}

const keyOf = (connectionId: string, processId: string) => `${connectionId}\u0000${processId}`

export function useFavourites(): Favourites {
  const { settings, setFavourites } = useSettings()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const list = settings.data?.favourites
  const keys = useMemo(() => new Set(list?.map((f) => keyOf(f.connectionId, f.processId))), [list])

  const toggle = useCallback(
    async ({ connectionId, id }: Pick<ProcessSummary, 'connectionId' | 'id'>) => {
      if (!list) return
      const key = keyOf(connectionId, id)
      const favourites = keys.has(key)
        ? list.filter((f) => keyOf(f.connectionId, f.processId) !== key)
        : [...list, { connectionId, processId: id }]
      setPending(true)
      setError(undefined)
      try {
        await setFavourites({ favourites })
      } catch (caught) {
        setError(caught)
      } finally {
        setPending(false)
      }
    },
    [list, keys, setFavourites],
  )
  return {
    keys,
    pending: pending || !list,
    error,
    toggle,
    clearError: useCallback(() => setError(undefined), []),
  }
}
