/**
 * What a room finds on start when the previous one did not finish its runs (killed, crashed,
 * closed with runs queued): runs whose robot was running end unresolved with an orchestrator
 * error; runs that were only waiting (`new`, or a step run awaiting a worker) are handed back to the
 * runner to start again. Only the database: the room ends the robots still alive
 * (robot/orphans.ts) before it settles their runs here.
 */
import type { DatabaseSync } from 'node:sqlite'
import { nowIso, run, selectAll, transaction } from '../db/db'
import type { RecordedRobot } from '../robot/orphans'
import { queueStepRunEvent } from '../webhooks/outbox'
import { finishStoppedRun } from './run-control'
import { finishRun } from './run-store'

export interface RecoveryResult {
  /** Runs ended unresolved because their robot was running. */
  interrupted: number
  /** Runs to enqueue again, oldest first. */
  requeue: string[]
}

/** The robots the previous room recorded as running: their process groups may still be alive. */
export function interruptedRobots(db: DatabaseSync): RecordedRobot[] {
  return selectAll<{ id: string; pid: number }>(
    db,
    `SELECT id, pid FROM step_runs WHERE state = 'in_progress' AND pid IS NOT NULL`,
  ).map((step) => ({ pid: Number(step.pid), stepRunId: step.id }))
}

/** Settles the runs the previous room left; call after its robots are ended, before the runner starts. */
export function settleInterruptedRuns(db: DatabaseSync): RecoveryResult {
  const running = selectAll<{ id: string; process_run_id: string }>(
    db,
    `SELECT id, process_run_id FROM step_runs WHERE state = 'in_progress'`,
  )
  const interruptedRuns = new Set(running.map((s) => s.process_run_id))
  const now = nowIso()
  const message = 'The local Control Room restarted while the item was being processed'
  transaction(db, () => {
    for (const step of running) {
      run(
        db,
        `UPDATE step_runs SET state = 'failed', state_updated_at = ?, error_code = 'orchestrator_restarted',
           ended_at = ?, duration = (julianday(?) - julianday(COALESCE(started_at, created_at))) * 86400.0, pid = NULL
         WHERE id = ?`,
        now,
        now,
        now,
        step.id,
      )
      run(
        db,
        `INSERT INTO step_run_events (step_run_id, timestamp, event_type) VALUES (?, ?, 'step_run_failed')`,
        step.id,
        now,
      )
      run(
        db,
        `INSERT INTO console_messages (step_run_id, timestamp, stream, message) VALUES (?, ?, 'system', ?)`,
        step.id,
        now,
        'The local Control Room stopped while the robot was running; the step run failed (orchestrator_restarted)',
      )
      queueStepRunEvent(db, step.id, 'END')
    }
    for (const runId of interruptedRuns) {
      run(
        db,
        `UPDATE work_items SET state = 'failed', state_updated_at = ?, exception_type = 'orchestrator',
           exception_code = 'orchestrator_restarted', exception_message = ?
         WHERE process_run_id = ? AND state IN ('new', 'pending', 'in_progress')`,
        now,
        message,
        runId,
      )
      run(
        db,
        `UPDATE step_runs SET state = 'failed', state_updated_at = ?, error_code = 'orchestrator_restarted', ended_at = ?
               WHERE process_run_id = ? AND state IN ('new', 'awaiting_worker')`,
        now,
        now,
        runId,
      )
      finishRun(db, runId, 'unresolved')
    }
  })
  // A stop that was asked for but not finished: nothing runs any more, so it finishes now.
  const stopping = selectAll<{ id: string }>(db, `SELECT id FROM process_runs WHERE state = 'stopping'`)
  for (const { id } of stopping) finishStoppedRun(db, id, { markDone: false, reason: undefined })
  const requeue = selectAll<{ id: string }>(
    db,
    `SELECT id FROM process_runs WHERE state IN ('new', 'in_progress') ORDER BY seq`,
  ).map((row) => row.id)
  return { interrupted: interruptedRuns.size, requeue }
}
