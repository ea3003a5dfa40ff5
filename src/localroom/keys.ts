/**
 * Workspace API keys. A key is 256 random bits, shown once when issued and stored only as its
 * sha256, so the database never holds a usable key.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { nowIso, run, selectOne, transaction } from './db'
import { isPermission, PERMISSIONS, type Permission } from './permissions'

/** The name of the key the room (re)issues with --print-bootstrap / issueBootstrapKey. */
export const BOOTSTRAP_KEY_NAME = 'Robodeck bootstrap'

/** An API key as the auth hook needs it (never the key value itself). */
export interface ApiKeyRecord {
  id: string
  workspaceId: string
  name: string
  permissions: ReadonlySet<Permission>
}

/** A new random key value: 32 random bytes, base64url (43 characters). */
export function generateApiKey(): string {
  return randomBytes(32).toString('base64url')
}

/** The sha256 hex digest under which a key is stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/** Stores a new key for a workspace and returns its id and value (the only time the value exists). */
export function createApiKey(
  db: DatabaseSync,
  input: { workspaceId: string; name: string; permissions: readonly Permission[] },
): { id: string; key: string } {
  const id = randomUUID()
  const key = generateApiKey()
  run(
    db,
    `INSERT INTO api_keys (id, workspace_id, name, key_hash, key_suffix, permissions, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    id,
    input.workspaceId,
    input.name,
    hashApiKey(key),
    key.slice(-4),
    JSON.stringify([...new Set(input.permissions)]),
    nowIso(),
  )
  return { id, key }
}

/**
 * Revokes the workspace's earlier bootstrap key (its value cannot be shown again) and issues a new
 * one with every permission.
 */
export function issueBootstrapKey(db: DatabaseSync, workspaceId: string): string {
  return transaction(db, () => {
    run(db, 'DELETE FROM api_keys WHERE workspace_id = ? AND name = ?', workspaceId, BOOTSTRAP_KEY_NAME)
    return createApiKey(db, { workspaceId, name: BOOTSTRAP_KEY_NAME, permissions: PERMISSIONS }).key
  })
}

/** Finds the key with this value, or null. */
export function findApiKey(db: DatabaseSync, key: string): ApiKeyRecord | null {
  const hash = hashApiKey(key)
  // The indexed lookup is by hash, which an attacker cannot steer towards a stored one; the final
  // comparison is constant-time anyway.
  const row = selectOne<{
    id: string
    workspace_id: string
    name: string
    key_hash: string
    permissions: string
  }>(db, 'SELECT id, workspace_id, name, key_hash, permissions FROM api_keys WHERE key_hash = ?', hash)
  if (!row) return null
  const stored = Buffer.from(row.key_hash, 'hex')
  const given = Buffer.from(hash, 'hex')
  if (stored.length !== given.length || !timingSafeEqual(stored, given)) return null
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    permissions: parsePermissions(row.permissions),
  }
}

/** Records one authenticated request made with a key. */
export function recordKeyUse(db: DatabaseSync, keyId: string): void {
  run(
    db,
    'UPDATE api_keys SET last_used_at = ?, request_count = request_count + 1 WHERE id = ?',
    nowIso(),
    keyId,
  )
}

function parsePermissions(json: string): ReadonlySet<Permission> {
  let list: unknown
  try {
    list = JSON.parse(json)
  } catch {
    return new Set()
  }
  // Unknown names are dropped rather than trusted: a corrupt row grants less, never more.
  return new Set(
    Array.isArray(list) ? list.filter((p): p is Permission => typeof p === 'string' && isPermission(p)) : [],
  )
}
