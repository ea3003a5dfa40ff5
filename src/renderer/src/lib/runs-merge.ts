/**
 * Keeps the run list the Runs panel shows: one entry per (connectionId, id), newest first, merged
 * from runs.list answers and run.updated / run.finished events that may arrive in any order.
 */
import type { RunState, RunSummary } from '../../../shared/domain'
import { compareNewestFirst, sortNewestFirst } from '../../../shared/runs'

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

/** Runs by connection, then id: finds a run without building its key string (10,000 per answer). */
class RunIndex<T> {
  private readonly byConnection = new Map<string, Map<string, T>>()
  size = 0
  get(run: Pick<RunSummary, 'connectionId' | 'id'>): T | undefined {
    return this.byConnection.get(run.connectionId)?.get(run.id)
  }
  set(run: Pick<RunSummary, 'connectionId' | 'id'>, value: T): void {
    let ids = this.byConnection.get(run.connectionId)
    if (!ids) {
      ids = new Map()
      this.byConnection.set(run.connectionId, ids)
    }
    const held = ids.size
    ids.set(run.id, value)
    this.size += ids.size - held
  }
  values(): T[] {
    const all: T[] = []
    for (const ids of this.byConnection.values()) for (const value of ids.values()) all.push(value)
    return all
  }
}

/** Up to this many incoming runs (events come one by one), the list is searched, not indexed. */
const SCAN_AT_MOST = 16

/** Where each incoming run sits in `list`, or -1. */
function finder(list: readonly RunSummary[], incoming: number): (run: RunSummary) => number {
  if (incoming <= SCAN_AT_MOST)
    return (run) => list.findIndex((r) => r.id === run.id && r.connectionId === run.connectionId)
  const index = new RunIndex<number>()
  for (const [i, run] of list.entries()) index.set(run, i)
  return (run) => index.get(run) ?? -1
}

/**
 * Both lists newest first, merged: each of `added` goes in after the runs of `kept` that come before
 * it, found by binary search, so an event costs a copy of the list and a page of older runs no
 * comparison with every run already held.
 */
function mergeNewestFirst(kept: readonly RunSummary[], added: readonly RunSummary[]): RunSummary[] {
  const out: RunSummary[] = []
  let i = 0
  for (const run of added) {
    let lo = i
    let hi = kept.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (compareNewestFirst(kept[mid] as RunSummary, run) < 0) lo = mid + 1
      else hi = mid
    }
    while (i < lo) out.push(kept[i++] as RunSummary)
    out.push(run)
  }
  while (i < kept.length) out.push(kept[i++] as RunSummary)
  return out
}

/**
 * Merges incoming snapshots into the current list (newest first, as this returns it); returns a new
 * sorted list (or the same array when nothing changed, so React can skip the render). Only the runs
 * new to the list are sorted; the ones it holds keep their place.
 */
export function mergeRuns(
  current: readonly RunSummary[],
  incoming: readonly RunSummary[],
  max = MAX_KEPT_RUNS,
): readonly RunSummary[] {
  if (incoming.length === 0) return current
  const at = finder(current, incoming.length)
  let kept: RunSummary[] | undefined // a copy of current, made at the first update
  let moved = false // an update changed a held run's createdAt: its place is no longer known
  const added = new RunIndex<RunSummary>()
  for (const run of incoming) {
    const i = at(run)
    if (i >= 0) {
      const existing = (kept ?? current)[i] as RunSummary
      const next = pickNewer(existing, run)
      if (next === existing) continue
      kept ??= [...current]
      kept[i] = next
      if (next.createdAt !== existing.createdAt) moved = true
    } else {
      const existing = added.get(run)
      added.set(run, existing ? pickNewer(existing, run) : run)
    }
  }
  if (!kept && added.size === 0) return current
  const merged = moved
    ? sortNewestFirst([...(kept ?? current), ...added.values()])
    : mergeNewestFirst(kept ?? current, sortNewestFirst(added.values()))
  if (merged.length > max) merged.length = max
  return merged
}
