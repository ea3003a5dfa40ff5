/** Reading step runs and what they recorded (console lines, events), for the API. */
import type { DatabaseSync } from 'node:sqlite'
import { selectAll, selectOne } from '../db/db'

export interface StepRunRow {
  seq: number
  id: string
  process_run_id: string
  workspace_id: string
  step_id: string
  step_name: string
  state: 'new' | 'awaiting_worker' | 'in_progress' | 'completed' | 'failed'
  state_updated_at: string
  error_code: string | null
  started_at: string | null
  ended_at: string | null
  duration: number | null
}

const STEP_RUN_SELECT = `
  SELECT s.seq, s.id, s.process_run_id, r.workspace_id, s.step_id, st.name AS step_name, s.state,
         s.state_updated_at, s.error_code, s.started_at, s.ended_at, s.duration
  FROM step_runs s JOIN process_runs r ON r.id = s.process_run_id JOIN steps st ON st.id = s.step_id`

/** One step run of the workspace. */
export function getStepRun(db: DatabaseSync, workspaceId: string, id: string): StepRunRow | undefined {
  return selectOne<StepRunRow>(
    db,
    `${STEP_RUN_SELECT} WHERE r.workspace_id = ? AND s.id = ?`,
    workspaceId,
    id,
  )
}

/** One page of a run's step runs, newest first. */
export function listStepRuns(
  db: DatabaseSync,
  processRunId: string,
  beforeSeq: number | undefined,
  limit: number,
): StepRunRow[] {
  return selectAll<StepRunRow>(
    db,
    `${STEP_RUN_SELECT} WHERE s.process_run_id = ? AND s.seq < ? ORDER BY s.seq DESC LIMIT ?`,
    processRunId,
    beforeSeq ?? Number.MAX_SAFE_INTEGER,
    limit,
  )
}

export interface ConsoleRow {
  seq: number
  timestamp: string
  message: string
}

/**
 * One page of a step run's console lines. Oldest first, unlike other lists: a console is read top
 * down, and a reader following `next` while the robot still runs must not miss new lines.
 */
export function listConsole(
  db: DatabaseSync,
  stepRunId: string,
  afterSeq: number | undefined,
  limit: number,
): ConsoleRow[] {
  return selectAll<ConsoleRow>(
    db,
    'SELECT seq, timestamp, message FROM console_messages WHERE step_run_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    stepRunId,
    afterSeq ?? 0,
    limit,
  )
}

export interface EventRow {
  seq: number
  timestamp: string
  event_type: string
}

/** One page of a step run's events, oldest first (a timeline). */
export function listEvents(
  db: DatabaseSync,
  stepRunId: string,
  afterSeq: number | undefined,
  limit: number,
): EventRow[] {
  return selectAll<EventRow>(
    db,
    'SELECT seq, timestamp, event_type FROM step_run_events WHERE step_run_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    stepRunId,
    afterSeq ?? 0,
    limit,
  )
}
