/** Step runs and what they consume and produce: input work items, console lines, run outputs. */
import { randomUUID } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { nowIso, run, secondsBetween, selectAll, selectOne, transaction } from '../db'

export type ConsoleStream = 'stdout' | 'stderr' | 'system'

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

/** Creates work items for a later step of a run (a step's outputs become the next step's inputs). */
export function createStepInputs(
  db: DatabaseSync,
  input: { processRunId: string; stepId: string; payloads: readonly unknown[] },
): void {
  const now = nowIso()
  transaction(db, () => {
    for (const payload of input.payloads) {
      run(
        db,
        `INSERT INTO work_items (id, workspace_id, process_id, process_run_id, step_id, state, state_updated_at, payload, created_at)
         SELECT ?, workspace_id, process_id, id, ?, 'new', ?, ?, ? FROM process_runs WHERE id = ?`,
        randomUUID(),
        input.stepId,
        now,
        JSON.stringify(payload ?? null),
        now,
        input.processRunId,
      )
    }
  })
}

/** Starts a step run (`in_progress`) and reserves its input items for it. */
export function startStepRun(
  db: DatabaseSync,
  input: { processRunId: string; stepId: string; inputIds: readonly string[] },
): string {
  const id = randomUUID()
  const now = nowIso()
  transaction(db, () => {
    run(
      db,
      `INSERT INTO step_runs (id, process_run_id, step_id, state, state_updated_at, created_at, started_at)
       VALUES (?, ?, ?, 'in_progress', ?, ?, ?)`,
      id,
      input.processRunId,
      input.stepId,
      now,
      now,
      now,
    )
    recordStepEvent(db, id, 'step_run_started', now)
    for (const itemId of input.inputIds) {
      run(
        db,
        `UPDATE work_items SET state = 'in_progress', state_updated_at = ?, step_run_id = ? WHERE id = ?`,
        now,
        id,
        itemId,
      )
    }
  })
  return id
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
      `UPDATE step_runs SET state = ?, state_updated_at = ?, error_code = ?, exit_code = ?, ended_at = ?, duration = ?
       WHERE id = ?`,
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
      // The robot did not release items itself (no Control Room work item API yet), so the step's
      // outcome decides them all.
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

/** Stores one console line of a step run. */
export function appendConsoleMessage(
  db: DatabaseSync,
  stepRunId: string,
  stream: ConsoleStream,
  message: string,
): void {
  run(
    db,
    'INSERT INTO console_messages (step_run_id, timestamp, stream, message) VALUES (?, ?, ?, ?)',
    stepRunId,
    nowIso(),
    stream,
    message,
  )
}

/** Stores the output work items of a run's last step as the run's outputs. */
export function saveRunOutputs(
  db: DatabaseSync,
  input: { processRunId: string; stepRunId: string; payloads: readonly unknown[] },
): void {
  const now = nowIso()
  transaction(db, () => {
    for (const payload of input.payloads) {
      run(
        db,
        'INSERT INTO run_outputs (id, process_run_id, step_run_id, payload, created_at) VALUES (?, ?, ?, ?, ?)',
        randomUUID(),
        input.processRunId,
        input.stepRunId,
        JSON.stringify(payload ?? null),
        now,
      )
    }
  })
}
