/** What the legacy Process API shows of a run beyond the v1 fields: its number, step runs, error. */
import type { DatabaseSync } from 'node:sqlite'
import { selectAll, selectOne } from '../db/db'

/** runNo (1-based, per process, in start order), the step run ids, and the first failed step's error code. */
export function legacyRunDetails(
  db: DatabaseSync,
  runId: string,
  processId: string,
): { runNo: number; stepRunIds: string[]; errorCode: string | null } {
  const runNo =
    selectOne<{ n: number }>(
      db,
      `SELECT COUNT(*) AS n FROM process_runs WHERE process_id = ? AND seq <= (SELECT seq FROM process_runs WHERE id = ?)`,
      processId,
      runId,
    )?.n ?? 0
  const steps = selectAll<{ id: string; error_code: string | null; state: string }>(
    db,
    'SELECT id, error_code, state FROM step_runs WHERE process_run_id = ? ORDER BY seq',
    runId,
  )
  const failed = steps.find((step) => step.state === 'failed')
  return { runNo, stepRunIds: steps.map((step) => step.id), errorCode: failed?.error_code ?? null }
}

/** The ids of a run's input work items, in the order they were created (the legacy start answer). */
export function inputItemIds(db: DatabaseSync, runId: string): string[] {
  return selectAll<{ id: string }>(
    db,
    'SELECT id FROM work_items WHERE process_run_id = ? ORDER BY seq',
    runId,
  ).map((row) => row.id)
}
