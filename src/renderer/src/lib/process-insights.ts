/**
 * A process's insights: its last N runs from the window's feed, and what they add up to (how many
 * ended well, the median and 95th percentile of their durations). Pure, so the numbers the dialog
 * shows are tested apart from the chart that draws them.
 */
import type { RunState, RunSummary } from '../../../shared/domain'
import { processKeyOf } from './run-filter'

/** How many runs the insights can cover, the person picks one. */
export const INSIGHT_SIZES = [20, 50, 100] as const
export type InsightSize = (typeof INSIGHT_SIZES)[number]

/** How a run came out, as the chart colors it: Control Room's states, grouped. */
export type Outcome = 'completed' | 'unresolved' | 'unfinished'

export const outcomeOf = (state: RunState): Outcome =>
  state === 'completed' || state === 'unresolved' ? state : 'unfinished'

export const OUTCOME_LABELS: Record<Outcome, string> = {
  completed: 'Completed',
  unresolved: 'Unresolved (failed)',
  unfinished: 'Not finished',
}

/** The newest `limit` runs of the process with this key (processKeyOf), oldest first, as charted. */
export function lastRunsOf(runs: readonly RunSummary[], key: string, limit: number): RunSummary[] {
  const mine = runs.filter((run) => processKeyOf(run) === key)
  mine.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  return mine.slice(0, limit).reverse()
}

export interface InsightStats {
  runs: number
  completed: number
  unresolved: number
  unfinished: number
  /** completed / (completed + unresolved), 0..1; null while none has finished. */
  successRate: number | null
  /** Seconds, over the runs that report a duration; null when none does. */
  medianDuration: number | null
  p95Duration: number | null
}

export function insightStats(runs: readonly RunSummary[]): InsightStats {
  const count = (outcome: Outcome) => runs.filter((run) => outcomeOf(run.state) === outcome).length
  const completed = count('completed')
  const unresolved = count('unresolved')
  const durations = runs
    .map((run) => run.duration)
    .filter((d): d is number => d !== null && Number.isFinite(d))
    .sort((a, b) => a - b)
  return {
    runs: runs.length,
    completed,
    unresolved,
    unfinished: count('unfinished'),
    successRate: completed + unresolved > 0 ? completed / (completed + unresolved) : null,
    medianDuration: percentile(durations, 50),
    p95Duration: percentile(durations, 95),
  }
}

/**
 * The p-th percentile of ascending values, interpolated between the two nearest ranks (as
 * spreadsheets' PERCENTILE.INC does), so the median of an even count is the mean of the middle two.
 */
export function percentile(ascending: readonly number[], p: number): number | null {
  if (ascending.length === 0) return null
  const rank = (p / 100) * (ascending.length - 1)
  const lower = Math.floor(rank)
  const below = ascending[lower] as number
  const above = ascending[Math.min(lower + 1, ascending.length - 1)] as number
  return below + (above - below) * (rank - lower)
}

/** "87%" (whole percent; "—" with no finished run). */
export const formatRate = (rate: number | null): string =>
  rate === null ? '—' : `${Math.round(rate * 100)}%`
