/** API keys as the management API lists, edits and deletes them (keys.ts issues and checks them). */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import { PERMISSIONS, type Permission } from '../../shared/permissions'
import { unseal } from '../credentials/secret-box'
import { DB_FILE, nowIso, run, selectAll, selectWorkspaceRow } from '../db/db'
import { asStorageError } from '../http/errors'
import { flushKeyUse, parsePermissions, unwrittenKeyUse } from './keys'

/** A key row without its hash or sealed value. */
export interface ApiKeyRow {
  seq: number
  id: string
  workspace_id: string
  name: string
  key_suffix: string
  permissions: string
  bootstrap: number
  created_at: string
  updated_at: string | null
  last_used_at: string | null
  request_count: number
}

const COLUMNS = `seq, id, workspace_id, name, key_suffix, permissions, bootstrap, created_at, updated_at,
  last_used_at, request_count`

/** The key as the management API shows it: usage and permissions, a masked value, never the value. */
export function apiKeyResource(row: ApiKeyRow) {
  const granted = parsePermissions(row.permissions)
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    name: row.name,
    // In the spec's order, so a key's list reads the same whichever order it was granted in.
    permissions: PERMISSIONS.filter((p) => granted.has(p)),
    masked_value: `…${row.key_suffix}`,
    bootstrap: row.bootstrap === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
    last_used_at: row.last_used_at,
    request_count: row.request_count,
  }
}

/** Up to `limit + 1` keys of a workspace, newest first, older than the cursor's sequence. */
export function listApiKeys(
  db: DatabaseSync,
  workspaceId: string,
  /** Rows to read (a page's limit + 1: the extra row says whether there is more). */
  fetch: number,
  before?: number,
): ApiKeyRow[] {
  flushBeforeReading(db)
  const params: SQLInputValue[] = [workspaceId]
  let where = 'workspace_id = ?'
  if (before !== undefined) {
    where += ' AND seq < ?'
    params.push(before)
  }
  return selectAll<ApiKeyRow>(
    db,
    `SELECT ${COLUMNS} FROM api_keys WHERE ${where} ORDER BY seq DESC LIMIT ?`,
    ...params,
    fetch,
  ).map((row) => withUnwrittenUse(db, row))
}

/** One key of a workspace, or undefined. */
export function getApiKey(db: DatabaseSync, workspaceId: string, id: string): ApiKeyRow | undefined {
  flushBeforeReading(db)
  const row = selectWorkspaceRow<ApiKeyRow>(db, 'api_keys', COLUMNS, workspaceId, id)
  return row && withUnwrittenUse(db, row)
}

/**
 * Usage is counted in memory first (keys.ts): it is written before it is read. A disk that refuses
 * the write must not fail a read: the counts stay in memory and withUnwrittenUse adds them.
 */
function flushBeforeReading(db: DatabaseSync): void {
  try {
    flushKeyUse(db)
  } catch (error) {
    if (!asStorageError(error, DB_FILE)) throw error
  }
}

function withUnwrittenUse(db: DatabaseSync, row: ApiKeyRow): ApiKeyRow {
  const use = unwrittenKeyUse(db, row.id)
  return use ? { ...row, request_count: row.request_count + use.count, last_used_at: use.at } : row
}

/** Changes a key's name and/or permissions; false when there is no such key. */
export function updateApiKey(
  db: DatabaseSync,
  workspaceId: string,
  id: string,
  change: { name?: string; permissions?: readonly Permission[] },
): boolean {
  const sets: string[] = ['updated_at = ?']
  const params: SQLInputValue[] = [nowIso()]
  if (change.name !== undefined) {
    sets.push('name = ?')
    params.push(change.name)
  }
  if (change.permissions !== undefined) {
    sets.push('permissions = ?')
    params.push(JSON.stringify([...new Set(change.permissions)]))
  }
  return (
    run(
      db,
      `UPDATE api_keys SET ${sets.join(', ')} WHERE workspace_id = ? AND id = ?`,
      ...params,
      workspaceId,
      id,
    ) > 0
  )
}

/** Deletes a key; false when there is no such key. */
export function deleteApiKey(db: DatabaseSync, workspaceId: string, id: string): boolean {
  return run(db, 'DELETE FROM api_keys WHERE workspace_id = ? AND id = ?', workspaceId, id) > 0
}

/**
 * A key's value, opened from its sealed copy: undefined when there is no such key, null when the
 * value cannot be shown (a key from before values were kept, or a room secret that changed).
 */
export function revealApiKey(
  db: DatabaseSync,
  valueKey: Buffer,
  workspaceId: string,
  id: string,
): string | null | undefined {
  const row = selectWorkspaceRow<{ value_sealed: string | null }>(
    db,
    'api_keys',
    'value_sealed',
    workspaceId,
    id,
  )
  if (!row) return undefined
  return row.value_sealed === null ? null : unseal(valueKey, row.value_sealed, id)
}
