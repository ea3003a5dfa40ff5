/** Robot rows: bundled samples, uploaded task packages and imported folders. */
import { randomUUID } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { nowIso, run, selectAll, selectOne, selectWorkspaceRow } from '../db/db'

export type RobotSource = 'bundled' | 'package' | 'folder'

/** One task of a robot as robot.yaml declares it; `problem` says why the room cannot run it. */
export interface RobotTaskInfo {
  name: string
  runnable: boolean
  problem?: string
}

export interface RobotRow {
  id: string
  workspace_id: string
  name: string
  source: RobotSource
  /** The folder name under the robots dir, for bundled robots only. */
  folder: string | null
  has_content: number
  /** JSON text of RobotTaskInfo[]. */
  tasks: string
  size: number | null
  sha256: string | null
  created_at: string
  updated_at: string
}

const COLUMNS =
  'id, workspace_id, name, source, folder, has_content, tasks, size, sha256, created_at, updated_at'

/** The workspace's robots, oldest first. */
export function listRobots(db: DatabaseSync, workspaceId: string): RobotRow[] {
  return selectAll<RobotRow>(
    db,
    `SELECT ${COLUMNS} FROM robots WHERE workspace_id = ? ORDER BY created_at, rowid`,
    workspaceId,
  )
}

/** One robot of the workspace (or of any workspace when workspaceId is null). */
export function getRobot(db: DatabaseSync, workspaceId: string | null, id: string): RobotRow | undefined {
  if (workspaceId === null) return selectOne<RobotRow>(db, `SELECT ${COLUMNS} FROM robots WHERE id = ?`, id)
  return selectWorkspaceRow<RobotRow>(db, 'robots', COLUMNS, workspaceId, id)
}

/** The workspace's bundled robot for a folder of the robots dir, created if missing; returns its id. */
export function ensureBundledRobot(db: DatabaseSync, workspaceId: string, folder: string): string {
  const existing = selectOne<{ id: string }>(
    db,
    `SELECT id FROM robots WHERE workspace_id = ? AND source = 'bundled' AND folder = ?`,
    workspaceId,
    folder,
  )
  if (existing) return existing.id
  const id = randomUUID()
  const now = nowIso()
  run(
    db,
    `INSERT INTO robots (id, workspace_id, name, source, folder, has_content, created_at, updated_at)
     VALUES (?, ?, ?, 'bundled', ?, 1, ?, ?)`,
    id,
    workspaceId,
    folder,
    folder,
    now,
    now,
  )
  return id
}

/** Inserts a robot without content yet (a task package before its upload, a folder being imported). */
export function insertRobot(
  db: DatabaseSync,
  input: { id?: string; workspaceId: string; name: string; source: 'package' | 'folder' },
): RobotRow {
  const id = input.id ?? randomUUID()
  const now = nowIso()
  run(
    db,
    `INSERT INTO robots (id, workspace_id, name, source, folder, has_content, created_at, updated_at)
     VALUES (?, ?, ?, ?, NULL, 0, ?, ?)`,
    id,
    input.workspaceId,
    input.name,
    input.source,
    now,
    now,
  )
  return getRobot(db, input.workspaceId, id) as RobotRow
}

/** Records that a robot's content is in place: its tasks, size and package digest. */
export function setRobotContent(
  db: DatabaseSync,
  id: string,
  content: { tasks: RobotTaskInfo[]; size: number; sha256: string | null },
): void {
  run(
    db,
    'UPDATE robots SET has_content = 1, tasks = ?, size = ?, sha256 = ?, updated_at = ? WHERE id = ?',
    JSON.stringify(content.tasks),
    content.size,
    content.sha256,
    nowIso(),
    id,
  )
}

/** Deletes a robot row (its folder is removed by the caller). */
export function deleteRobotRow(db: DatabaseSync, id: string): boolean {
  return run(db, 'DELETE FROM robots WHERE id = ?', id) > 0
}

/** Names of the processes with a current step that uses the robot (a robot in use cannot be deleted). */
export function processesUsingRobot(db: DatabaseSync, robotId: string): string[] {
  return selectAll<{ name: string }>(
    db,
    `SELECT DISTINCT p.name FROM steps s JOIN processes p ON p.id = s.process_id
     WHERE s.robot = ? AND s.removed_at IS NULL ORDER BY p.name`,
    robotId,
  ).map((row) => row.name)
}

/** The tasks stored for a robot. */
export function storedTasks(row: RobotRow): RobotTaskInfo[] {
  return JSON.parse(row.tasks) as RobotTaskInfo[]
}
