/** Process and step rows. */
import { randomUUID } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { nowIso, run, selectAll, selectOne, selectWorkspaceRow, transaction } from '../db/db'
import { FINAL_RUN_STATES_SQL } from '../http/schemas'

export interface ProcessRow {
  id: string
  workspace_id: string
  name: string
  /** JSON text of the default input payload, or null for an empty work item. */
  default_payload: string | null
  /** Seconds a step's robot may run before it is stopped; null: no limit. */
  timeout_seconds: number | null
  created_at: string
  /** Null for rows written without it (tools that insert processes directly). */
  updated_at: string | null
}

export interface StepRow {
  id: string
  process_id: string
  position: number
  name: string
  /** A robot id (or, in data from before schema 6, a folder name of the robots dir). */
  robot: string
  task: string | null
  /** 1: the step starts once the previous step has ended (Control Room's default); 0: as items arrive. */
  wait_for_previous: number
  /** How many step runs of this step may run at once in one process run. */
  parallel_executions: number
  /** JSON object of extra environment variables for the robot. */
  env: string
  /** How the robot gets its work items: the robot-side API ('api') or the file contract ('file'). */
  work_item_adapter: WorkItemAdapter
}

export type WorkItemAdapter = 'api' | 'file'

/** A step's settings as Control Room's process editor has them (every field has a default). */
export interface StepConfig {
  waitForPrevious: boolean
  parallelExecutions: number
  env: Readonly<Record<string, string>>
  workItemAdapter: WorkItemAdapter
}

export const DEFAULT_STEP_CONFIG: StepConfig = {
  waitForPrevious: true,
  parallelExecutions: 1,
  env: {},
  workItemAdapter: 'api',
}

/** A step as a process edit describes it. */
export interface StepInput {
  name: string
  robot: string
  task: string
  /** Absent: the defaults. */
  config?: StepConfig
}

/** The settings of a stored step. */
export function stepConfig(step: StepRow): StepConfig {
  let env: Record<string, string> = {}
  try {
    const parsed: unknown = JSON.parse(step.env ?? '{}')
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      env = Object.fromEntries(Object.entries(parsed).map(([name, value]) => [name, String(value)]))
  } catch {
    // Written by this module only; a hand-edited row that is not JSON gives no variables.
  }
  return {
    waitForPrevious: step.wait_for_previous !== 0,
    parallelExecutions: Math.max(1, Math.trunc(step.parallel_executions ?? 1)),
    env,
    workItemAdapter: step.work_item_adapter === 'file' ? 'file' : 'api',
  }
}

const STEP_COLUMNS =
  'id, process_id, position, name, robot, task, wait_for_previous, parallel_executions, env, work_item_adapter'
const PROCESS_COLUMNS = 'id, workspace_id, name, default_payload, timeout_seconds, created_at, updated_at'

/** The workspace's processes, oldest first. */
export function listProcesses(db: DatabaseSync, workspaceId: string): ProcessRow[] {
  return selectAll<ProcessRow>(
    db,
    `SELECT ${PROCESS_COLUMNS} FROM processes WHERE workspace_id = ? ORDER BY created_at, rowid`,
    workspaceId,
  )
}

/** One process of the workspace, if it exists there. */
export function getProcess(db: DatabaseSync, workspaceId: string, processId: string): ProcessRow | undefined {
  return selectWorkspaceRow<ProcessRow>(db, 'processes', PROCESS_COLUMNS, workspaceId, processId)
}

/** A process's current steps in the order they run (steps removed by an edit are left out). */
export function listSteps(db: DatabaseSync, processId: string): StepRow[] {
  return selectAll<StepRow>(
    db,
    `SELECT ${STEP_COLUMNS} FROM steps WHERE process_id = ? AND removed_at IS NULL ORDER BY position`,
    processId,
  )
}

/** Inserts a process with its steps (in one transaction unless `inTransaction`); returns its id. */
export function createProcess(
  db: DatabaseSync,
  input: {
    workspaceId: string
    name: string
    steps: readonly StepInput[]
    defaultPayload: string | null
    timeoutSeconds: number | null
  },
  inTransaction = false,
): string {
  const write = () => {
    const id = randomUUID()
    const now = nowIso()
    run(
      db,
      `INSERT INTO processes (id, workspace_id, name, default_payload, timeout_seconds, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      id,
      input.workspaceId,
      input.name,
      input.defaultPayload,
      input.timeoutSeconds,
      now,
      now,
    )
    for (const [position, step] of input.steps.entries()) insertStep(db, id, position, step)
    return id
  }
  return inTransaction ? write() : transaction(db, write)
}

function insertStep(db: DatabaseSync, processId: string, position: number, step: StepInput): void {
  const config = step.config ?? DEFAULT_STEP_CONFIG
  run(
    db,
    `INSERT INTO steps (id, process_id, position, name, robot, task, wait_for_previous, parallel_executions, env,
       work_item_adapter) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    randomUUID(),
    processId,
    position,
    step.name,
    step.robot,
    step.task,
    config.waitForPrevious ? 1 : 0,
    config.parallelExecutions,
    JSON.stringify(config.env),
    config.workItemAdapter,
  )
}

/** Writes a kept step's name and settings. */
function updateStep(db: DatabaseSync, stepId: string, step: StepInput): void {
  const config = step.config ?? DEFAULT_STEP_CONFIG
  run(
    db,
    `UPDATE steps SET name = ?, wait_for_previous = ?, parallel_executions = ?, env = ?, work_item_adapter = ?
     WHERE id = ?`,
    step.name,
    config.waitForPrevious ? 1 : 0,
    config.parallelExecutions,
    JSON.stringify(config.env),
    config.workItemAdapter,
    stepId,
  )
}

/** Changes a process; `steps`, when given, replaces the step list. */
export function updateProcess(
  db: DatabaseSync,
  processId: string,
  changes: {
    name?: string
    steps?: readonly StepInput[]
    defaultPayload?: string | null
    timeoutSeconds?: number | null
  },
): void {
  transaction(db, () => {
    const sets: string[] = ['updated_at = ?']
    const values: (string | number | null)[] = [nowIso()]
    const set = (column: string, value: string | number | null | undefined) => {
      if (value === undefined) return
      sets.push(`${column} = ?`)
      values.push(value)
    }
    set('name', changes.name)
    set('default_payload', changes.defaultPayload)
    set('timeout_seconds', changes.timeoutSeconds)
    run(db, `UPDATE processes SET ${sets.join(', ')} WHERE id = ?`, ...values, processId)
    if (changes.steps) replaceSteps(db, processId, changes.steps)
  })
}

/**
 * A step keeps its id while its position, robot and task stay (its name and settings may change), so the
 * history of its runs stays its own; any other step is retired and a new one takes its place.
 */
function replaceSteps(db: DatabaseSync, processId: string, steps: readonly StepInput[]): void {
  const current = listSteps(db, processId)
  const kept = new Set<number>()
  for (const [position, step] of steps.entries()) {
    const old = current[position]
    if (old && old.robot === step.robot && old.task === step.task) {
      updateStep(db, old.id, step)
      kept.add(position)
    }
  }
  for (const [position, old] of current.entries()) {
    if (!kept.has(position)) retireStep(db, old.id)
  }
  for (const [position, step] of steps.entries()) {
    if (!kept.has(position)) insertStep(db, processId, position, step)
  }
}

/** Deletes a step, or, when runs refer to it, keeps it out of the way for their history. */
function retireStep(db: DatabaseSync, stepId: string): void {
  const used = selectOne<{ n: number }>(
    db,
    `SELECT (SELECT COUNT(*) FROM step_runs WHERE step_id = ?) + (SELECT COUNT(*) FROM work_items WHERE step_id = ?) AS n`,
    stepId,
    stepId,
  )
  if (!used?.n) {
    run(db, 'DELETE FROM steps WHERE id = ?', stepId)
    return
  }
  // A negative position frees the slot (positions are unique per process) and stays unique itself.
  run(
    db,
    'UPDATE steps SET removed_at = ?, position = -(SELECT rowid FROM steps WHERE id = ?) WHERE id = ?',
    nowIso(),
    stepId,
    stepId,
  )
}

/** Deletes a process with its steps, runs and work items. */
export function deleteProcess(db: DatabaseSync, processId: string): boolean {
  return run(db, 'DELETE FROM processes WHERE id = ?', processId) > 0
}

/** How many of the process's runs have not ended. */
export function activeRunCount(db: DatabaseSync, processId: string): number {
  return (
    selectOne<{ n: number }>(
      db,
      `SELECT COUNT(*) AS n FROM process_runs WHERE process_id = ? AND state NOT IN (${FINAL_RUN_STATES_SQL})`,
      processId,
    )?.n ?? 0
  )
}
