/** First-start content: the local workspace and the sample process. */
import { randomUUID } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { nowIso, run, selectOne, transaction } from './db'

export const LOCAL_WORKSPACE_NAME = 'Local workspace'
export const LOCAL_ORGANIZATION_NAME = 'Local'
export const SAMPLE_PROCESS_NAME = 'Echo payload'
/** The sample robot: a folder under the robots dir, and the task in its robot.yaml. */
export const SAMPLE_ROBOT = { folder: 'echo-payload', task: 'Echo payload' } as const

/** Seeds an empty database and returns the id of the room's workspace (the oldest one). */
export function seedIfEmpty(db: DatabaseSync): string {
  const existing = selectOne<{ id: string }>(
    db,
    'SELECT id FROM workspaces ORDER BY created_at, rowid LIMIT 1',
  )
  if (existing) return existing.id
  return transaction(db, () => {
    const now = nowIso()
    const workspaceId = randomUUID()
    run(
      db,
      'INSERT INTO workspaces (id, name, organization_id, organization_name, created_at) VALUES (?, ?, ?, ?, ?)',
      workspaceId,
      LOCAL_WORKSPACE_NAME,
      randomUUID(),
      LOCAL_ORGANIZATION_NAME,
      now,
    )
    const processId = randomUUID()
    run(
      db,
      'INSERT INTO processes (id, workspace_id, name, default_payload, created_at) VALUES (?, ?, ?, NULL, ?)',
      processId,
      workspaceId,
      SAMPLE_PROCESS_NAME,
      now,
    )
    run(
      db,
      'INSERT INTO steps (id, process_id, position, name, robot, task) VALUES (?, ?, 0, ?, ?, ?)',
      randomUUID(),
      processId,
      SAMPLE_ROBOT.task,
      SAMPLE_ROBOT.folder,
      SAMPLE_ROBOT.task,
    )
    return workspaceId
  })
}
