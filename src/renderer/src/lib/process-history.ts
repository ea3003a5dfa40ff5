/**
 * Each process's recent runs, from the runs the window already holds (the feed): no extra reads.
 * The feed's first pages are the newest runs of every workspace, so a process's newest runs are in it.
 */
import type { RunSummary } from '../../../shared/domain'
import { sortNewestFirst } from '../../../shared/runs'
import { processKeyOf } from './run-filter'

/** How many runs a process's history strip shows. */
export const HISTORY_LENGTH = 10

/** The newest `length` runs of each process (by processKeyOf), newest first. */
export function recentRunsByProcess(
  runs: readonly RunSummary[],
  length = HISTORY_LENGTH,
): Map<string, RunSummary[]> {
  // The feed's order, cheap on the feed (already in it). A locale-aware compare of the timestamps
  // cost the window's first render ~30 ms, most of it setting up a collator.
  const newestFirst = sortNewestFirst(runs)
  const byProcess = new Map<string, RunSummary[]>()
  for (const run of newestFirst) {
    const key = processKeyOf(run)
    const list = byProcess.get(key) ?? []
    if (list.length < length) list.push(run)
    byProcess.set(key, list)
  }
  return byProcess
}
