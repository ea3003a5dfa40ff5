/**
 * Rules about runs that the core, the tray, the OS notifications and the renderer all apply, stated
 * once so they cannot disagree: which states are final, how a run is keyed across workspaces, and
 * which run comes first in a list. Pure functions: no DOM, no Node.
 */
import type { RunState, RunSummary } from './domain'

/** A run in one of these states has ended and will not change again. */
export const FINAL_RUN_STATES: ReadonlySet<RunState> = new Set(['completed', 'unresolved'])

/** True once a run has ended (`completed` or `unresolved`). */
export const isFinalRunState = (state: RunState): boolean => FINAL_RUN_STATES.has(state)

/**
 * True while a run has not ended: `new`, `in_progress` and `stopping` (a stopping run's robot may
 * still be working, and it can still end either way), so the tray and the runs panel count it.
 */
export const isActiveRunState = (state: RunState): boolean => !isFinalRunState(state)

/**
 * The key of a run across workspaces: run ids are only unique within one, so the key includes the
 * connection. NUL cannot occur in either id, so two different pairs never make the same key.
 */
export const runKey = (run: Pick<RunSummary, 'connectionId' | 'id'>): string =>
  `${run.connectionId}\u0000${run.id}`

const time = (iso: string) => {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms
}

/**
 * Newest `createdAt` first, comparing instants (so `+00:00` and `Z` agree); ties and unparsable
 * dates fall back to the run key, so the order is the same on every sort.
 */
export function compareNewestFirst(
  a: Pick<RunSummary, 'connectionId' | 'id' | 'createdAt'>,
  b: Pick<RunSummary, 'connectionId' | 'id' | 'createdAt'>,
): number {
  const diff = time(b.createdAt) - time(a.createdAt)
  if (diff !== 0 && !Number.isNaN(diff)) return diff
  const ka = runKey(a)
  const kb = runKey(b)
  return ka < kb ? 1 : ka > kb ? -1 : 0
}

/**
 * A new array of `runs` in compareNewestFirst's order, each date parsed once rather than on every
 * comparison (the window sorts up to 10,000 runs as a page arrives); keys are built only for ties.
 */
export function sortNewestFirst<T extends Pick<RunSummary, 'connectionId' | 'id' | 'createdAt'>>(
  runs: Iterable<T>,
): T[] {
  const decorated = Array.from(runs, (run) => ({ run, at: time(run.createdAt) }))
  decorated.sort((a, b) => {
    const diff = b.at - a.at
    if (diff !== 0 && !Number.isNaN(diff)) return diff
    const ka = runKey(a.run)
    const kb = runKey(b.run)
    return ka < kb ? 1 : ka > kb ? -1 : 0
  })
  return decorated.map((entry) => entry.run)
}
