/** Process and step rows. */
import type { DatabaseSync } from 'node:sqlite'
import { selectAll, selectOne } from '../db'

export interface ProcessRow {
  id: string
  workspace_id: string
  name: string
  /** JSON text of the default input payload, or null for an empty work item. */
  default_payload: string | null
  created_at: string
}

export interface StepRow {
  id: string
  process_id: string
  position: number
  name: string
  robot: string
  task: string | null
}

const PROCESS_COLUMNS = 'id, workspace_id, name, default_payload, created_at'

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
  return selectOne<ProcessRow>(
    db,
    `SELECT ${PROCESS_COLUMNS} FROM processes WHERE workspace_id = ? AND id = ?`,
    workspaceId,
    processId,
  )
}

/** A process's steps in the order they run. */
export function listSteps(db: DatabaseSync, processId: string): StepRow[] {
  return selectAll<StepRow>(
    db,
    'SELECT id, process_id, position, name, robot, task FROM steps WHERE process_id = ? ORDER BY position',
    processId,
  )
}
