/** When a run's steps must end: the process's timeout (counted from the run's start) and the room's step cap. */
import type { DatabaseSync } from 'node:sqlite'
import { selectOne } from '../db/db'
import type { RunRow } from './run-store'

/** The process's timeout_seconds (schema 6); read defensively, since an older schema has no such column. */
function processTimeoutSeconds(db: DatabaseSync, processId: string): number | null {
  const row = selectOne<Record<string, unknown>>(db, 'SELECT * FROM processes WHERE id = ?', processId)
  const value = row?.timeout_seconds
  return typeof value === 'number' && value > 0 ? value : null
}

/** When the run must have ended by its process's timeout, counted from the run's start (ms), or null. */
export function runDeadline(db: DatabaseSync, run: RunRow): number | null {
  const processTimeout = processTimeoutSeconds(db, run.process_id)
  return processTimeout !== null && run.started_at ? Date.parse(run.started_at) + processTimeout * 1000 : null
}

/** When a step starting now must end: the run's deadline or the room's step cap, whichever comes first. */
export function stepDeadline(
  db: DatabaseSync,
  run: RunRow,
  stepTimeoutSeconds: number | undefined,
): number | null {
  const candidates: number[] = []
  const deadline = runDeadline(db, run)
  if (deadline !== null) candidates.push(deadline)
  if (stepTimeoutSeconds) candidates.push(Date.now() + stepTimeoutSeconds * 1000)
  return candidates.length > 0 ? Math.min(...candidates) : null
}
