/**
 * What the robot-side work item API does to the database: a step run reserves its step's items one
 * at a time, releases each as done or failed with the robot's exception, and creates output items.
 * Everything is written as it happens, so a robot that crashes later keeps what it did before.
 *
 * An output item waits in `pending` (its step set to the next step, or none for the last step)
 * until its input item is released or its step run ends; it then becomes the next step's `new`
 * input, or, for the last step, one of the run's outputs under the same id.
 */
import { randomUUID } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { nowIso, run, selectAll, selectOne, transaction } from '../db/db'
import { listSteps } from '../processes/process-store'
import type { RobotGrant } from '../runs/robot-tokens'
import type { ItemRelease } from '../runs/step-run-store'
import { getWorkItem, type WorkItemRow } from './work-item-store'

/** The step a step run belongs to. */
function stepOfStepRun(db: DatabaseSync, stepRunId: string): string | undefined {
  return selectOne<{ step_id: string }>(db, 'SELECT step_id FROM step_runs WHERE id = ?', stepRunId)?.step_id
}

/** Reserves the oldest `new` item of the step run's step in its process run; null when none is left. */
export function reserveNextItem(db: DatabaseSync, stepRunId: string): string | null {
  return transaction(db, () => {
    const row = selectOne<{ process_run_id: string; step_id: string }>(
      db,
      'SELECT process_run_id, step_id FROM step_runs WHERE id = ?',
      stepRunId,
    )
    if (!row) return null
    const next = selectOne<{ id: string }>(
      db,
      `SELECT id FROM work_items WHERE process_run_id = ? AND step_id = ? AND state = 'new' ORDER BY seq LIMIT 1`,
      row.process_run_id,
      row.step_id,
    )
    if (!next) return null
    run(
      db,
      `UPDATE work_items SET state = 'in_progress', state_updated_at = ?, step_run_id = ? WHERE id = ?`,
      nowIso(),
      stepRunId,
      next.id,
    )
    return next.id
  })
}

/** An item the step run may read and change: one it reserved, or an output it created. */
export function reachableItem(db: DatabaseSync, grant: RobotGrant, itemId: string): WorkItemRow | undefined {
  const item = getWorkItem(db, grant.workspaceId, itemId)
  if (!item || item.process_run_id !== grant.processRunId) return undefined
  const created = selectOne<{ by: string | null }>(
    db,
    'SELECT created_by_step_run_id AS by FROM work_items WHERE id = ?',
    itemId,
  )
  return item.step_run_id === grant.stepRunId || created?.by === grant.stepRunId ? item : undefined
}

/** Why a release was refused. */
export type ReleaseRefusal = 'not_found' | 'not_in_progress'

/**
 * Releases an item the step run holds, with the robot's exception when it failed, and hands on the
 * outputs made from it. Undefined when done; otherwise why not.
 */
export function releaseItem(
  db: DatabaseSync,
  stepRunId: string,
  release: ItemRelease,
): ReleaseRefusal | undefined {
  return transaction(db, () => {
    const item = selectOne<{ state: string }>(
      db,
      'SELECT state FROM work_items WHERE id = ? AND step_run_id = ?',
      release.itemId,
      stepRunId,
    )
    if (!item) return 'not_found'
    if (item.state !== 'in_progress') return 'not_in_progress'
    run(
      db,
      `UPDATE work_items SET state = ?, state_updated_at = ?, exception_type = ?, exception_code = ?,
         exception_message = ? WHERE id = ?`,
      release.state,
      nowIso(),
      release.exception?.type ?? null,
      release.exception?.code ?? null,
      release.exception?.message ?? null,
      release.itemId,
    )
    run(
      db,
      `UPDATE work_items SET state = 'new', state_updated_at = ?
       WHERE parent_id = ? AND created_by_step_run_id = ? AND state = 'pending' AND step_id IS NOT NULL`,
      nowIso(),
      release.itemId,
      stepRunId,
    )
    return undefined
  })
}

/** Creates an output item of an input the step run holds; undefined when the parent is not its own. */
export function createOutputItem(
  db: DatabaseSync,
  grant: RobotGrant,
  parentId: string,
  payload: unknown,
): string | undefined {
  const parent = selectOne<{ id: string }>(
    db,
    'SELECT id FROM work_items WHERE id = ? AND step_run_id = ? AND workspace_id = ?',
    parentId,
    grant.stepRunId,
    grant.workspaceId,
  )
  if (!parent) return undefined
  const stepId = stepOfStepRun(db, grant.stepRunId)
  const steps = listSteps(db, grant.processId)
  const index = steps.findIndex((step) => step.id === stepId)
  const nextStepId = index >= 0 ? (steps[index + 1]?.id ?? null) : null
  const id = randomUUID()
  const now = nowIso()
  run(
    db,
    `INSERT INTO work_items (id, workspace_id, process_id, process_run_id, step_id, state, state_updated_at, payload,
       created_at, parent_id, created_by_step_run_id)
     VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)`,
    id,
    grant.workspaceId,
    grant.processId,
    grant.processRunId,
    nextStepId,
    now,
    JSON.stringify(payload ?? null),
    now,
    parentId,
    grant.stepRunId,
  )
  return id
}

/**
 * At the end of a step run, whatever its end: the outputs its robot created through the API still
 * waiting become the next step's inputs, or (last step) the run's outputs with their files, under
 * the same ids. Returns how many outputs the step run made, with those already handed on when their
 * input was released (the console reports it).
 */
export function handOnApiOutputs(db: DatabaseSync, stepRunId: string): number {
  return transaction(db, () => {
    const now = nowIso()
    run(
      db,
      `UPDATE work_items SET state = 'new', state_updated_at = ?
       WHERE created_by_step_run_id = ? AND state = 'pending' AND step_id IS NOT NULL`,
      now,
      stepRunId,
    )
    const last = selectAll<{ id: string; process_run_id: string; payload: string }>(
      db,
      `SELECT id, process_run_id, payload FROM work_items
       WHERE created_by_step_run_id = ? AND state = 'pending' AND step_id IS NULL ORDER BY seq`,
      stepRunId,
    )
    for (const item of last) {
      run(
        db,
        'INSERT INTO run_outputs (id, process_run_id, step_run_id, payload, created_at) VALUES (?, ?, ?, ?, ?)',
        item.id,
        item.process_run_id,
        stepRunId,
        item.payload,
        now,
      )
      // The content stays where it is: run output files live in the same folder as item files.
      run(
        db,
        `INSERT INTO run_output_files (id, run_output_id, name, size, created_at)
         SELECT id, work_item_id, name, size, created_at FROM work_item_files
         WHERE work_item_id = ? AND state = 'completed' ORDER BY seq`,
        item.id,
      )
      run(db, `DELETE FROM work_item_files WHERE work_item_id = ? AND state = 'completed'`, item.id)
      run(db, 'DELETE FROM work_items WHERE id = ?', item.id)
    }
    const forNextStep =
      selectOne<{ n: number }>(
        db,
        'SELECT COUNT(*) AS n FROM work_items WHERE created_by_step_run_id = ?',
        stepRunId,
      )?.n ?? 0
    return forNextStep + last.length
  })
}

/** How many work items a step of a run has been given so far (any state). */
export function itemsGivenToStep(db: DatabaseSync, processRunId: string, stepId: string): number {
  return (
    selectOne<{ n: number }>(
      db,
      'SELECT COUNT(*) AS n FROM work_items WHERE process_run_id = ? AND step_id = ?',
      processRunId,
      stepId,
    )?.n ?? 0
  )
}

/** Whether a run has a failed work item (Control Room then ends it unresolved). */
export function runHasFailedItems(db: DatabaseSync, processRunId: string): boolean {
  return (
    selectOne(
      db,
      `SELECT 1 AS failed FROM work_items WHERE process_run_id = ? AND state = 'failed' LIMIT 1`,
      processRunId,
    ) !== undefined
  )
}
