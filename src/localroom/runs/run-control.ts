/** Changing a run after it started: stop, delete (a retry reopens it: work-items/work-item-store.ts). */
import type { DatabaseSync } from 'node:sqlite'
import { nowIso, run, selectAll, selectOne, selectWorkspaceRow, transaction } from '../db/db'
import { isFinalRunState } from '../http/schemas'
import { queueStepRunEvent } from '../webhooks/outbox'
import { finishRun } from './run-store'

/** Moves a run that has not ended to `stopping`; false if it had already ended (or is unknown). */
export function markRunStopping(db: DatabaseSync, runId: string): boolean {
  run(
    db,
    `UPDATE process_runs SET state = 'stopping' WHERE id = ? AND state IN ('new', 'in_progress')`,
    runId,
  )
  const row = selectOne<{ state: string }>(db, 'SELECT state FROM process_runs WHERE id = ?', runId)
  return row?.state === 'stopping'
}

/**
 * Ends a stopped run: its items not yet processed become done (set_remaining_work_items_as_done) or
 * failed with an orchestrator exception; the run is completed if none of its items failed, else
 * unresolved (Control Room's rule for runs).
 */
export function finishStoppedRun(
  db: DatabaseSync,
  runId: string,
  options: { markDone: boolean; reason: string | undefined },
): void {
  transaction(db, () => {
    settleRemainingItems(db, runId, options)
    const failed = selectOne<{ n: number }>(
      db,
      `SELECT COUNT(*) AS n FROM work_items WHERE process_run_id = ? AND state = 'failed'`,
      runId,
    )
    finishRun(db, runId, (failed?.n ?? 0) > 0 ? 'unresolved' : 'completed')
  })
}

/**
 * Ends a run the room could not carry on with (a write the disk refused, a failure in the runner):
 * its step runs that had not ended fail with `errorCode` and a console line saying why, its items
 * still to be processed fail with an orchestrator exception, and the run ends unresolved. One
 * transaction, so that a retry after a full disk writes it whole.
 */
export function abandonRun(db: DatabaseSync, runId: string, errorCode: string, message: string): void {
  const now = nowIso()
  transaction(db, () => {
    const open = selectAll<{ id: string }>(
      db,
      `SELECT id FROM step_runs WHERE process_run_id = ? AND state IN ('new', 'awaiting_worker', 'in_progress')`,
      runId,
    )
    for (const { id } of open) {
      run(
        db,
        `UPDATE step_runs SET state = 'failed', state_updated_at = ?, error_code = ?, ended_at = ?,
           duration = (julianday(?) - julianday(COALESCE(started_at, created_at))) * 86400.0, pid = NULL
         WHERE id = ?`,
        now,
        errorCode,
        now,
        now,
        id,
      )
      run(
        db,
        `INSERT INTO step_run_events (step_run_id, timestamp, event_type) VALUES (?, ?, 'step_run_failed')`,
        id,
        now,
      )
      run(
        db,
        `INSERT INTO console_messages (step_run_id, timestamp, stream, message) VALUES (?, ?, 'system', ?)`,
        id,
        now,
        message,
      )
      queueStepRunEvent(db, id, 'END')
    }
    failRemainingItems(db, runId, errorCode, message)
    finishRun(db, runId, 'unresolved')
  })
}

/** Settles a stopped run's items that were waiting or being processed (inside the caller's transaction or not). */
export function settleRemainingItems(
  db: DatabaseSync,
  runId: string,
  options: { markDone: boolean; reason: string | undefined },
): void {
  const now = nowIso()
  if (options.markDone) {
    run(
      db,
      `UPDATE work_items SET state = 'done', state_updated_at = ?
       WHERE process_run_id = ? AND state IN ('new', 'pending', 'in_progress')`,
      now,
      runId,
    )
    return
  }
  failRemainingItems(
    db,
    runId,
    'process_run_stopped',
    options.reason ? `The process run was stopped: ${options.reason}` : 'The process run was stopped',
  )
}

/** Fails a run's items that are still to be processed, with an orchestrator exception. */
export function failRemainingItems(db: DatabaseSync, runId: string, code: string, message: string): void {
  run(
    db,
    `UPDATE work_items SET state = 'failed', state_updated_at = ?, exception_type = 'orchestrator',
       exception_code = ?, exception_message = ?
     WHERE process_run_id = ? AND state IN ('new', 'pending', 'in_progress')`,
    nowIso(),
    code,
    message,
    runId,
  )
}

/** Deletes an ended run with everything it owns; returns the data-dir folders to remove, or why not. */
export function deleteEndedRun(
  db: DatabaseSync,
  workspaceId: string,
  runId: string,
): { result: 'not_found' | 'conflict' } | { result: 'deleted'; stepRunIds: string[]; fileIds: string[] } {
  return transaction(db, () => {
    const row = selectWorkspaceRow<{ state: string }>(db, 'process_runs', 'state', workspaceId, runId)
    if (!row) return { result: 'not_found' as const }
    if (!isFinalRunState(row.state)) return { result: 'conflict' as const }
    const stepRunIds = selectAll<{ id: string }>(
      db,
      'SELECT id FROM step_runs WHERE process_run_id = ?',
      runId,
    ).map((r) => r.id)
    const fileIds = selectAll<{ id: string }>(
      db,
      `SELECT f.id FROM work_item_files f JOIN work_items w ON w.id = f.work_item_id WHERE w.process_run_id = ?`,
      runId,
    ).map((r) => r.id)
    run(db, 'DELETE FROM process_runs WHERE id = ?', runId)
    return { result: 'deleted' as const, stepRunIds, fileIds }
  })
}
