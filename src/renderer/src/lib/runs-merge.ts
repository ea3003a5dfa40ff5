/**
 * Keeps the run list the Runs panel shows: one entry per (connectionId, id), newest first, merged
 * from runs.list answers and run.updated / run.finished events that may arrive in any order.
 */
import type { RunState, RunSummary } from '../../../shared/domain'
import { runKey, sortNewestFirst } from '../../../shared/runs'

/**
 * How many runs the renderer keeps; the oldest fall off so a long session stays bounded. The feed
 * is virtualized, so this many rows cost memory, not rendering.
 */
export const MAX_KEPT_RUNS = 10_000

// A run only moves forward through these states. A list answer fetched before an event can arrive
// after it, so an update that would move a run backwards is stale and is dropped.
const stateRank: Record<RunState, number> = {
  new: 0,
  in_progress: 1,
  stopping: 2,
  completed: 3,
  unresolved: 3,
}

/** Picks which of two snapshots of the same run to keep: the incoming one unless it is older. */
export function pickNewer(existing: RunSummary, incoming: RunSummary): RunSummary {
  return stateRank[incoming.state] >= stateRank[existing.state] ? incoming : existing
}

/**
 * Merges incoming snapshots into the current list; returns a new sorted list (or the same array
 * when nothing changed, so React can skip the render).
 */
export function mergeRuns(
  current: readonly RunSummary[],
  incoming: readonly RunSummary[],
  max = MAX_KEPT_RUNS,
): readonly RunSummary[] {
  if (incoming.length === 0) return current
  const byKey = new Map(current.map((run) => [runKey(run), run]))
  let changed = false
  for (const run of incoming) {
    const key = runKey(run)
    const existing = byKey.get(key)
    const next = existing ? pickNewer(existing, run) : run
    if (next !== existing) {
      byKey.set(key, next)
      changed = true
    }
  }
  if (!changed) return current
  return sortNewestFirst(byKey.values()).slice(0, max)
}
