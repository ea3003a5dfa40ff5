/** Work items as the API sees them: listing, the process input queue, payloads, batch operations. */
import { randomUUID } from 'node:crypto'
import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import { nowIso, run, selectAll, selectOne, selectWorkspaceRow, transaction } from '../db/db'
import { FINAL_RUN_STATES_SQL, isFinalRunState, WorkItemState } from '../http/schemas'

/** Work item states, from the API's enum (schemas.ts), like the run states (run-store.ts). */
export { WorkItemState }

export interface WorkItemRow {
  seq: number
  id: string
  workspace_id: string
  process_id: string
  process_run_id: string | null
  step_id: string | null
  step_run_id: string | null
  state: WorkItemState
  state_updated_at: string | null
  payload: string
  created_at: string
  exception_code: string | null
  exception_type: 'application' | 'business' | 'orchestrator' | 'unspecified' | null
  exception_message: string | null
}

const ITEM_COLUMNS = `seq, id, workspace_id, process_id, process_run_id, step_id, step_run_id, state,
  state_updated_at, payload, created_at, exception_code, exception_type, exception_message`

/** Creates an item in a process's input queue (no run yet), state `new`. */
export function createQueuedItem(
  db: DatabaseSync,
  input: { workspaceId: string; processId: string; payload: unknown },
): string {
  const id = randomUUID()
  const now = nowIso()
  run(
    db,
    `INSERT INTO work_items (id, workspace_id, process_id, state, state_updated_at, payload, created_at)
     VALUES (?, ?, ?, 'new', ?, ?, ?)`,
    id,
    input.workspaceId,
    input.processId,
    now,
    JSON.stringify(input.payload ?? null),
    now,
  )
  return id
}

/** One item of the workspace. */
export function getWorkItem(db: DatabaseSync, workspaceId: string, id: string): WorkItemRow | undefined {
  return selectWorkspaceRow<WorkItemRow>(db, 'work_items', ITEM_COLUMNS, workspaceId, id)
}

/** One page of the workspace's items, newest first. */
export function listWorkItems(
  db: DatabaseSync,
  query: {
    workspaceId: string
    processId?: string
    processRunId?: string
    state?: WorkItemState
    beforeSeq?: number
    limit: number
  },
): WorkItemRow[] {
  const where = ['workspace_id = ?']
  const params: SQLInputValue[] = [query.workspaceId]
  const filters: [string, SQLInputValue | undefined][] = [
    ['process_id = ?', query.processId],
    ['process_run_id = ?', query.processRunId],
    ['state = ?', query.state],
    ['seq < ?', query.beforeSeq],
  ]
  for (const [clause, value] of filters) {
    if (value === undefined) continue
    where.push(clause)
    params.push(value)
  }
  params.push(query.limit)
  return selectAll<WorkItemRow>(
    db,
    `SELECT ${ITEM_COLUMNS} FROM work_items WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`,
    ...params,
  )
}

/** Replaces an item's payload. */
export function updatePayload(db: DatabaseSync, id: string, payload: unknown): void {
  run(db, 'UPDATE work_items SET payload = ? WHERE id = ?', JSON.stringify(payload ?? null), id)
}

/** Items waiting in a process's input queue (created with POST /work-items, not yet in a run), oldest first. */
export function queuedItemIds(db: DatabaseSync, processId: string): string[] {
  return selectAll<{ id: string }>(
    db,
    `SELECT id FROM work_items WHERE process_id = ? AND process_run_id IS NULL AND state = 'new' ORDER BY seq`,
    processId,
  ).map((row) => row.id)
}

/** Hands queued items to a run's first step (inside the caller's transaction). */
export function attachItemsToRun(
  db: DatabaseSync,
  input: { runId: string; stepId: string | null; itemIds: readonly string[] },
): void {
  const now = nowIso()
  for (const id of input.itemIds) {
    run(
      db,
      `UPDATE work_items SET process_run_id = ?, step_id = ?, state_updated_at = ? WHERE id = ?`,
      input.runId,
      input.stepId,
      now,
      id,
    )
  }
}

export type BatchOperation = 'retry' | 'delete' | 'mark_as_done'

/**
 * Applies a batch operation to the workspace's items, in one transaction: every item's change and
 * the reopening of the runs it retries, or (if anything fails) nothing. Items it does not apply to
 * (unknown, or in a state the operation leaves alone) are skipped, as a batch is accepted as a
 * whole. Returns the runs reopened for a retry (the caller hands them to the runner once this has
 * committed) and the ids of deleted items.
 */
export function applyBatch(
  db: DatabaseSync,
  workspaceId: string,
  operation: BatchOperation,
  ids: readonly string[],
): { reopenedRuns: string[]; deleted: string[] } {
  const retriedRuns = new Set<string>()
  const deleted: string[] = []
  const now = nowIso()
  transaction(db, () => {
    for (const id of ids) {
      const item = getWorkItem(db, workspaceId, id)
      if (!item) continue
      if (operation === 'delete') {
        // An item a robot is working on cannot vanish under it.
        if (item.state === 'in_progress') continue
        run(db, 'DELETE FROM work_items WHERE id = ?', id)
        deleted.push(id)
      } else if (item.state === 'failed') {
        // A retry re-runs the item's step in its run, so the run must have ended first.
        if (operation === 'retry' && item.process_run_id && !runEnded(db, item.process_run_id)) continue
        const state = operation === 'retry' ? 'new' : 'done'
        run(
          db,
          `UPDATE work_items SET state = ?, state_updated_at = ?, exception_code = NULL, exception_type = NULL,
             exception_message = NULL${operation === 'retry' ? ', step_run_id = NULL' : ''} WHERE id = ?`,
          state,
          now,
          id,
        )
        if (operation === 'retry' && item.process_run_id) retriedRuns.add(item.process_run_id)
        if (operation === 'mark_as_done' && item.process_run_id) resolveRunIfClean(db, item.process_run_id)
      }
    }
    for (const runId of retriedRuns) if (!reopenRun(db, runId)) retriedRuns.delete(runId)
  })
  return { reopenedRuns: [...retriedRuns], deleted }
}

/** Reopens an ended run so that the runner processes its retried items; false if it had not ended. */
function reopenRun(db: DatabaseSync, runId: string): boolean {
  return (
    run(
      db,
      `UPDATE process_runs SET state = 'new', ended_at = NULL, duration = NULL
       WHERE id = ? AND state IN (${FINAL_RUN_STATES_SQL})`,
      runId,
    ) === 1
  )
}

function runEnded(db: DatabaseSync, runId: string): boolean {
  const row = selectOne<{ state: string }>(db, 'SELECT state FROM process_runs WHERE id = ?', runId)
  return row !== undefined && isFinalRunState(row.state)
}

/** An unresolved run whose failed items were all resolved by a user becomes completed (as in Control Room). */
function resolveRunIfClean(db: DatabaseSync, runId: string): void {
  run(
    db,
    `UPDATE process_runs SET state = 'completed' WHERE id = ? AND state = 'unresolved'
       AND NOT EXISTS (SELECT 1 FROM work_items WHERE process_run_id = ? AND state IN ('failed', 'new', 'pending'))`,
    runId,
    runId,
  )
}
