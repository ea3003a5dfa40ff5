/**
 * One process's payload presets, kept in the settings document (`settings.presets`) rather than in
 * the page's storage, so they outlive web mode's port changes and are the same in every window.
 * Saving a name the process already has replaces that preset.
 */
import { useCallback, useMemo, useState } from 'react'
import type { JsonValue, ProcessSummary } from '../../../shared/domain'
import type { ProcessPreset } from '../../../shared/settings'
import { useSettings } from './use-settings'

export interface Presets {
  /** This process's presets, by name. */
  list: ProcessPreset[]
  /** The settings are loading or a change is on its way. */
  pending: boolean
  error: unknown
  save(name: string, payload: JsonValue): Promise<boolean>
  remove(name: string): Promise<boolean>
}

export function usePresets({ connectionId, id }: Pick<ProcessSummary, 'connectionId' | 'id'>): Presets {
  const { settings, setPresets } = useSettings()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const all = settings.data?.presets
  const mine = useCallback(
    (preset: ProcessPreset) => preset.connectionId === connectionId && preset.processId === id,
    [connectionId, id],
  )
  const list = useMemo(
    () => (all ?? []).filter(mine).sort((a, b) => a.name.localeCompare(b.name)),
    [all, mine],
  )

  /** Sends every preset with this process's changed; true once main has saved them. */
  const change = useCallback(
    async (next: (others: ProcessPreset[]) => ProcessPreset[]) => {
      if (!all) return false
      setPending(true)
      setError(undefined)
      try {
        await setPresets({ presets: next(all) })
        return true
      } catch (caught) {
        setError(caught)
        return false
      } finally {
        setPending(false)
      }
    },
    [all, setPresets],
  )
  const save = useCallback(
    (name: string, payload: JsonValue) => {
      const trimmed = name.trim()
      const preset = { connectionId, processId: id, name: trimmed, payload }
      return change((presets) => [...presets.filter((p) => !(mine(p) && p.name === trimmed)), preset])
    },
    [change, connectionId, id, mine],
  )
  const remove = useCallback(
    (name: string) => change((presets) => presets.filter((p) => !(mine(p) && p.name === name))),
    [change, mine],
  )
  return { list, pending: pending || !all, error, save, remove }
}
