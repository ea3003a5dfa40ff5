/**
 * The runs feed's filters: workspace, process, state, time window and free-text search, applied
 * as one pure function so the feed, its tests and its benchmark share exactly one rule set.
 */
import type { RunSummary } from '../../../shared/domain'
import { isActiveRunState } from '../../../shared/runs'

/** `active` is every state that has not ended (as the tray counts); the others are final states. */
export const STATE_FILTERS = ['any', 'active', 'completed', 'unresolved'] as const
export type StateFilter = (typeof STATE_FILTERS)[number]

/** How far back the feed looks, in milliseconds; `any` for no limit. */
export const TIME_WINDOWS = { any: undefined, '1h': 3_600_000, '24h': 86_400_000, '7d': 604_800_000 } as const
export type TimeWindow = keyof typeof TIME_WINDOWS

export interface RunFilter {
  /** A connection id, or '' for every workspace. */
  connectionId: string
  /** `connectionId\u0000processId` (process ids are only unique per workspace), or '' for all. */
  processKey: string
  state: StateFilter
  window: TimeWindow
  search: string
}

export const NO_FILTER: RunFilter = {
  connectionId: '',
  processKey: '',
  state: 'any',
  window: 'any',
  search: '',
}

export const processKeyOf = (run: Pick<RunSummary, 'connectionId' | 'processId'>) =>
  `${run.connectionId}\u0000${run.processId}`

const matchesState = (run: RunSummary, state: StateFilter) =>
  state === 'any' || (state === 'active' ? isActiveRunState(run.state) : run.state === state)

/**
 * The runs that pass every filter, in the order given (the feed keeps them newest first). Search
 * matches the process name, the workspace name and the run id, case-insensitively.
 */
export function filterRuns(
  runs: readonly RunSummary[],
  filter: RunFilter,
  nameOf: (connectionId: string) => string,
  nowMs: number,
): readonly RunSummary[] {
  const needle = filter.search.trim().toLocaleLowerCase()
  const span = TIME_WINDOWS[filter.window]
  const since = span === undefined ? undefined : nowMs - span
  if (
    !needle &&
    !filter.connectionId &&
    !filter.processKey &&
    filter.state === 'any' &&
    since === undefined
  ) {
    return runs
  }
  return runs.filter((run) => {
    if (filter.connectionId && run.connectionId !== filter.connectionId) return false
    if (filter.processKey && processKeyOf(run) !== filter.processKey) return false
    if (!matchesState(run, filter.state)) return false
    if (since !== undefined) {
      // Unparsable dates fail a time filter: they cannot be shown to fall inside the window.
      const created = Date.parse(run.createdAt)
      if (!(created >= since)) return false
    }
    if (!needle) return true
    return (
      run.processName.toLocaleLowerCase().includes(needle) ||
      nameOf(run.connectionId).toLocaleLowerCase().includes(needle) ||
      run.id.toLocaleLowerCase().includes(needle)
    )
  })
}

/** The processes the runs belong to, for the process filter's options, sorted by name. */
export function processOptions(
  runs: readonly RunSummary[],
): { key: string; name: string; connectionId: string }[] {
  const byKey = new Map<string, { key: string; name: string; connectionId: string }>()
  for (const run of runs) {
    const key = processKeyOf(run)
    if (!byKey.has(key)) byKey.set(key, { key, name: run.processName, connectionId: run.connectionId })
  }
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key))
}
