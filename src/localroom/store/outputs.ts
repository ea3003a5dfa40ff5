/** Run outputs (what a run's last step wrote as output work items), as the API lists them. */
import type { DatabaseSync } from 'node:sqlite'
import { selectAll } from '../db'

export interface OutputRow {
  seq: number
  id: string
  process_run_id: string
  process_id: string
  payload: string
  created_at: string
}

/** One page of a run's outputs, newest first. */
export function listOutputs(
  db: DatabaseSync,
  processRunId: string,
  beforeSeq: number | undefined,
  limit: number,
): OutputRow[] {
  return selectAll<OutputRow>(
    db,
    `SELECT o.seq, o.id, o.process_run_id, r.process_id, o.payload, o.created_at
     FROM run_outputs o JOIN process_runs r ON r.id = o.process_run_id
     WHERE o.process_run_id = ? AND o.seq < ? ORDER BY o.seq DESC LIMIT ?`,
    processRunId,
    beforeSeq ?? Number.MAX_SAFE_INTEGER,
    limit,
  )
}
