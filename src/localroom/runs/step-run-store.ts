/** Step runs and what they consume and produce: input work items, console lines, run outputs. */
import { randomUUID } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { nowIso, run, secondsBetween, selectAll, selectOne, transaction } from '../db/db'

export type ConsoleStream = 'stdout' | 'stderr' | 'system'

/**
 * Stores one row per payload in one transaction (all or none), each under a new id, with
 * `insert` writing the row; returns the ids in payload order.
 */
function insertPayloads(
  db: DatabaseSync,
  payloads: readonly unknown[],
  insert: (id: string, payloadJson: string, now: string) => void,
): string[] {
  const now = nowIso()
  return transaction(db, () =>
    payloads.map((payload) => {
      const id = randomUUID()
      insert(id, JSON.stringify(payload ?? null), now)
      return id
    }),
  )
}

/** An input work item as a robot receives it. */
export interface InputItem {
  id: string
  payload: unknown
}

/** The `new` work items waiting for a step of a run, oldest first. */
export function pendingInputs(db: DatabaseSync, processRunId: string, stepId: string): InputItem[] {
  const rows = selectAll<{ id: string; payload: string }>(
    db,
    `SELECT id, payload FROM work_items WHERE process_run_id = ? AND step_id = ? AND state = 'new' ORDER BY seq`,
    processRunId,
    stepId,
  )
  return rows.map((row) => ({ id: row.id, payload: JSON.parse(row.payload) as unknown }))
}

/** Creates work items for a later step of a run (a step's outputs become the next step's inputs); returns their ids. */
export function createStepInputs(
  db: DatabaseSync,
  input: { processRunId: string; stepId: string; payloads: readonly unknown[] },
): string[] {
  return insertPayloads(db, input.payloads, (id, payload, now) =>
    run(
      db,
      `INSERT INTO work_items (id, workspace_id, process_id, process_run_id, step_id, state, state_updated_at, payload, created_at)
         SELECT ?, workspace_id, process_id, id, ?, 'new', ?, ?, ? FROM process_runs WHERE id = ?`,
      id,
      input.stepId,
      now,
      payload,
      now,
      input.processRunId,
    ),
  )
}

/**
 * The step run a run's step waits in (`awaiting_worker`): with `reuse`, the one left by a previous
 * room start when there is one (so its id stays), else a new one.
 */
export function awaitStepRun(
  db: DatabaseSync,
  input: { processRunId: string; stepId: string; reuse?: boolean },
): string {
  const existing =
    input.reuse === false
      ? undefined
      : selectOne<{ id: string }>(
          db,
          `SELECT id FROM step_runs WHERE process_run_id = ? AND step_id = ? AND state IN ('new', 'awaiting_worker')
     ORDER BY seq LIMIT 1`,
          input.processRunId,
          input.stepId,
        )
  if (existing) return existing.id
  const id = randomUUID()
  const now = nowIso()
  run(
    db,
    `INSERT INTO step_runs (id, process_run_id, step_id, state, state_updated_at, created_at)
     VALUES (?, ?, ?, 'awaiting_worker', ?, ?)`,
    id,
    input.processRunId,
    input.stepId,
    now,
    now,
  )
  return id
}

/** Removes a step run that got a worker but found no item left to take (never started). */
export function dropUnstartedStepRun(db: DatabaseSync, stepRunId: string): void {
  run(db, `DELETE FROM step_runs WHERE id = ? AND state = 'awaiting_worker'`, stepRunId)
}

/** Starts a waiting step run on a worker (`in_progress`) and reserves its input items for it. */
export function beginStepRun(
  db: DatabaseSync,
  stepRunId: string,
  input: { workerId: string; inputIds: readonly string[] },
): void {
  const now = nowIso()
  transaction(db, () => {
    run(
      db,
      `UPDATE step_runs SET state = 'in_progress', state_updated_at = ?, started_at = ?, worker_id = ? WHERE id = ?`,
      now,
      now,
      input.workerId,
      stepRunId,
    )
    recordStepEvent(db, stepRunId, 'step_run_started', now)
    for (const itemId of input.inputIds) {
      run(
        db,
        `UPDATE work_items SET state = 'in_progress', state_updated_at = ?, step_run_id = ? WHERE id = ?`,
        now,
        stepRunId,
        itemId,
      )
    }
  })
}

/** Records the process group id of a step run's robot (cleared when the step run ends). */
export function recordStepPid(db: DatabaseSync, stepRunId: string, pid: number | null): void {
  run(db, 'UPDATE step_runs SET pid = ? WHERE id = ?', pid, stepRunId)
}

/** How a robot released one of its input items (the Robodeck release file). */
export interface ItemRelease {
  itemId: string
  state: 'done' | 'failed'
  exception: {
    type: 'business' | 'application' | 'unspecified'
    code: string | null
    message: string | null
  } | null
}

/** Applies a robot's own releases of its input items (before finishStepRun settles the rest). */
export function releaseItems(db: DatabaseSync, stepRunId: string, releases: readonly ItemRelease[]): void {
  const now = nowIso()
  transaction(db, () => {
    for (const release of releases) {
      run(
        db,
        `UPDATE work_items SET state = ?, state_updated_at = ?, exception_type = ?, exception_code = ?, exception_message = ?
         WHERE id = ? AND step_run_id = ? AND state = 'in_progress'`,
        release.state,
        now,
        release.exception?.type ?? null,
        release.exception?.code ?? null,
        release.exception?.message ?? null,
        release.itemId,
        stepRunId,
      )
    }
  })
}

/** Ends a step run and releases its input items as done or failed. */
export function finishStepRun(
  db: DatabaseSync,
  stepRunId: string,
  result: { ok: boolean; errorCode: string | null; exitCode: number | null; message: string | null },
): void {
  const row = selectOne<{ started_at: string | null; created_at: string }>(
    db,
    'SELECT started_at, created_at FROM step_runs WHERE id = ?',
    stepRunId,
  )
  if (!row) return
  const now = nowIso()
  transaction(db, () => {
    run(
      db,
      `UPDATE step_runs SET state = ?, state_updated_at = ?, error_code = ?, exit_code = ?, ended_at = ?, duration = ?,
         pid = NULL WHERE id = ?`,
      result.ok ? 'completed' : 'failed',
      now,
      result.errorCode,
      result.exitCode,
      now,
      secondsBetween(row.started_at ?? row.created_at, now),
      stepRunId,
    )
    recordStepEvent(db, stepRunId, result.ok ? 'step_run_completed' : 'step_run_failed', now)
    if (result.ok) {
      run(
        db,
        `UPDATE work_items SET state = 'done', state_updated_at = ? WHERE step_run_id = ? AND state = 'in_progress'`,
        now,
        stepRunId,
      )
    } else {
      // Items the robot did not release itself (releaseItems) share the step's outcome.
      run(
        db,
        `UPDATE work_items SET state = 'failed', state_updated_at = ?, exception_type = 'application',
           exception_code = ?, exception_message = ?
         WHERE step_run_id = ? AND state = 'in_progress'`,
        now,
        result.errorCode,
        result.message,
        stepRunId,
      )
    }
  })
}

/** Appends an event to a step run's timeline (the API's step run events). */
export function recordStepEvent(db: DatabaseSync, stepRunId: string, eventType: string, at = nowIso()): void {
  run(
    db,
    'INSERT INTO step_run_events (step_run_id, timestamp, event_type) VALUES (?, ?, ?)',
    stepRunId,
    at,
    eventType,
  )
}

/** Stores the output work items of a run's last step as the run's outputs. */
export function saveRunOutputs(
  db: DatabaseSync,
  input: { processRunId: string; stepRunId: string; payloads: readonly unknown[] },
): string[] {
  return insertPayloads(db, input.payloads, (id, payload, now) =>
    run(
      db,
      'INSERT INTO run_outputs (id, process_run_id, step_run_id, payload, created_at) VALUES (?, ?, ?, ?, ?)',
      id,
      input.processRunId,
      input.stepRunId,
      payload,
      now,
    ),
  )
}
