/** Workspace rows. */
import type { DatabaseSync } from 'node:sqlite'
import { selectOne } from './db'

export interface WorkspaceRow {
  id: string
  name: string
  organization_id: string
  organization_name: string
}

/** The workspace with this id, if any. */
export function getWorkspace(db: DatabaseSync, id: string): WorkspaceRow | undefined {
  return selectOne<WorkspaceRow>(
    db,
    'SELECT id, name, organization_id, organization_name FROM workspaces WHERE id = ?',
    id,
  )
}
