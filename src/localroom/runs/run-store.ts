/** Process run rows: creation with their input work items, listing, state changes. */
import { randomUUID } from 'node:crypto'
import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import { atomically, nowIso, run, secondsBetween, selectAll, selectOne, transaction } from '../db/db'
import { type FinalRunState, ProcessRunState } from '../http/schemas'
import { queueRunEvent } from '../webhooks/outbox'
import { attachItemsToRun } from '../work-items/work-item-store'

/** Run states, from the API's enum (schemas.ts), so the store and the API cannot disagree. */
export type RunState = ProcessRunState
export const RUN_STATES: readonly RunState[] = ProcessRunState.options

/** A run joined with its process, as the API shows it. */
export interface RunRow {
  seq: number
  id: string
  workspace_id: string
  process_id: string
  process_name: string
  state: RunState
  created_at: string
  started_at: string | null
  ended_at: string | null
  duration: number | null
  started_by_type: 'api' | 'user' | 'schedule' | 'email'
  started_by_details: string | null
}

const RUN_SELECT = `
  SELECT r.seq, r.id, r.workspace_id, r.process_id, p.name AS process_name, r.state, r.created_at,
         r.started_at, r.ended_at, r.duration, r.started_by_type, r.started_by_details
  FROM process_runs r JOIN processes p ON p.id = r.process_id`

/** What a new run is made of. */
export interface NewRun {
  workspaceId: string
  processId: string
  firstStepId: string | null
  payloads: readonly unknown[]
  /** The run's callback as stored (webhooks/callbacks.ts sealCallback), or null. */
  callback: string | null
  /** Existing items (the process's input queue) to hand to the first step, besides the payloads. */
  itemIds?: readonly string[]
}

/** Stores a new run (state `new`) and one input work item per payload for its first step. */
export function createRun(db: DatabaseSync, input: NewRun): string {
  return transaction(db, () => insertRun(db, input))
}

/**
 * Stores several runs in one transaction: all of them, or (if any insert fails) none. A batch start
 * must not leave some runs behind when the client is told it failed.
 */
export function createRuns(db: DatabaseSync, inputs: readonly NewRun[]): string[] {
  return transaction(db, () => inputs.map((input) => insertRun(db, input)))
}

/** Inserts a run and its input items (inside the caller's transaction). */
function insertRun(db: DatabaseSync, input: NewRun): string {
  const id = randomUUID()
  const now = nowIso()
  run(
    db,
    `INSERT INTO process_runs (id, workspace_id, process_id, state, created_at, started_by_type, callback)
     VALUES (?, ?, ?, 'new', ?, 'api', ?)`,
    id,
    input.workspaceId,
    input.processId,
    now,
    input.callback,
  )
  for (const payload of input.payloads) {
    run(
      db,
      `INSERT INTO work_items (id, workspace_id, process_id, process_run_id, step_id, state, state_updated_at, payload, created_at)
       VALUES (?, ?, ?, ?, ?, 'new', ?, ?, ?)`,
      randomUUID(),
      input.workspaceId,
      input.processId,
      id,
      input.firstStepId,
      now,
      JSON.stringify(payload ?? null),
      now,
    )
  }
  attachItemsToRun(db, { runId: id, stepId: input.firstStepId, itemIds: input.itemIds ?? [] })
  return id
}

/** One run of the workspace, if it exists there. */
export function getRun(db: DatabaseSync, workspaceId: string, runId: string): RunRow | undefined {
  return selectOne<RunRow>(db, `${RUN_SELECT} WHERE r.workspace_id = ? AND r.id = ?`, workspaceId, runId)
}

/** A run by id alone (for the runner, which has no workspace in hand). */
export function getRunById(db: DatabaseSync, runId: string): RunRow | undefined {
  return selectOne<RunRow>(db, `${RUN_SELECT} WHERE r.id = ?`, runId)
}

/** One page of the workspace's runs, newest first, strictly older than `beforeSeq` when given. */
export function listRuns(
  db: DatabaseSync,
  query: { workspaceId: string; processId?: string; state?: RunState; beforeSeq?: number; limit: number },
): RunRow[] {
  const where = ['r.workspace_id = ?']
  const params: SQLInputValue[] = [query.workspaceId]
  if (query.processId !== undefined) {
    where.push('r.process_id = ?')
    params.push(query.processId)
  }
  if (query.state !== undefined) {
    where.push('r.state = ?')
    params.push(query.state)
  }
  if (query.beforeSeq !== undefined) {
    where.push('r.seq < ?')
    params.push(query.beforeSeq)
  }
  params.push(query.limit)
  return selectAll<RunRow>(
    db,
    `${RUN_SELECT} WHERE ${where.join(' AND ')} ORDER BY r.seq DESC LIMIT ?`,
    ...params,
  )
}

/** Moves a run from `new` to `in_progress` (queuing its started events); false if it was no longer `new`. */
export function markRunStarted(db: DatabaseSync, runId: string): boolean {
  return atomically(db, () => {
    const started =
      run(
        db,
        // COALESCE: a run reopened by a work item retry keeps its first start time.
        `UPDATE process_runs SET state = 'in_progress', started_at = COALESCE(started_at, ?) WHERE id = ? AND state = 'new'`,
        nowIso(),
        runId,
      ) === 1
    if (started) queueRunEvent(db, runId, 'started')
    return started
  })
}

/**
 * Ends a run as completed or unresolved, setting ended_at and duration, and queues its webhook
 * events in the same transaction.
 */
export function finishRun(db: DatabaseSync, runId: string, state: FinalRunState): void {
  atomically(db, () => endRun(db, runId, state))
}

function endRun(db: DatabaseSync, runId: string, state: FinalRunState): void {
  const row = selectOne<{ created_at: string; started_at: string | null }>(
    db,
    'SELECT created_at, started_at FROM process_runs WHERE id = ?',
    runId,
  )
  if (!row) return
  const now = nowIso()
  // A run that never started gets started_at = ended_at, so that duration is 0 rather than null.
  const startedAt = row.started_at ?? now
  const ended = run(
    db,
    `UPDATE process_runs SET state = ?, started_at = ?, ended_at = ?, duration = ?
     WHERE id = ? AND state IN ('new', 'in_progress', 'stopping')`,
    state,
    startedAt,
    now,
    secondsBetween(startedAt, now),
    runId,
  )
  if (ended === 1) queueRunEvent(db, runId, state)
}
