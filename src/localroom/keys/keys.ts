/**
 * Workspace API keys. A key is 256 random bits. The database holds its sha256 (what requests are
 * looked up by) and its value sealed with AES-256-GCM under a key derived from the room secret
 * (so the management API can show it again); never the value in plain text.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { isPermission, PERMISSIONS, type Permission } from '../../shared/permissions'
import { deriveKey } from '../credentials/room-secret'
import { seal } from '../credentials/secret-box'
import { dataVersion, nowIso, RoomDb, run, selectOne, statement, transaction } from '../db/db'
import type { StorageHealth } from '../storage/storage-health'
import { KEY_LOOKUPS_KEPT } from './key-cache'

const USE_FLUSH_MS = 200

/** The name of the key the room (re)issues with --print-bootstrap / issueBootstrapKey. */
export const BOOTSTRAP_KEY_NAME = 'Robodeck bootstrap'

/** The purpose under which the key that seals API key values is derived from the room secret. */
export const API_KEY_VALUE_PURPOSE = 'api-key-values'

/** The key that seals and opens API key values for a room. */
export function apiKeyValueKey(roomSecret: Buffer): Buffer {
  return deriveKey(roomSecret, API_KEY_VALUE_PURPOSE)
}

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

/**
 * Stores a new key for a workspace and returns its id and value. With `valueKey` (apiKeyValueKey)
 * the value is also stored sealed so it can be shown again; without it (a test writing straight to
 * the database) only its hash is kept.
 */
export function createApiKey(
  db: DatabaseSync,
  input: { workspaceId: string; name: string; permissions: readonly Permission[]; bootstrap?: boolean },
  valueKey?: Buffer,
): { id: string; key: string } {
  const id = randomUUID()
  const key = generateApiKey()
  run(
    db,
    `INSERT INTO api_keys (id, workspace_id, name, key_hash, key_suffix, value_sealed, permissions, bootstrap, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    input.workspaceId,
    input.name,
    hashApiKey(key),
    key.slice(-4),
    valueKey ? seal(valueKey, key, id) : null,
    JSON.stringify([...new Set(input.permissions)]),
    input.bootstrap ? 1 : 0,
    nowIso(),
  )
  return { id, key }
}

/**
 * Revokes the workspace's earlier bootstrap key and issues a new one with every permission (so a
 * value printed on an earlier start stops working, whoever may have seen it).
 */
export function issueBootstrapKey(db: DatabaseSync, workspaceId: string, valueKey?: Buffer): string {
  return transaction(db, () => {
    run(db, 'DELETE FROM api_keys WHERE workspace_id = ? AND bootstrap = 1', workspaceId)
    return createApiKey(
      db,
      { workspaceId, name: BOOTSTRAP_KEY_NAME, permissions: PERMISSIONS, bootstrap: true },
      valueKey,
    ).key
  })
}

/** Finds the key with this value, or null. */
export function findApiKey(db: DatabaseSync, key: string): ApiKeyRecord | null {
  const hash = hashApiKey(key)
  if (!(db instanceof RoomDb)) return lookUpApiKey(db, hash)
  // Every request looks its key up: remember the answer until the database changes (any key
  // create, edit or delete moves dataVersion), so a change still takes effect on the next request.
  const version = dataVersion(db)
  let cache = db.keys.lookups
  if (!cache || cache.version !== version) {
    cache = { version, records: new Map() }
    db.keys.lookups = cache
  }
  let record = cache.records.get(hash)
  if (record === undefined) {
    record = lookUpApiKey(db, hash)
    if (cache.records.size >= KEY_LOOKUPS_KEPT) cache.records.clear()
    cache.records.set(hash, record)
  }
  return record
}

function lookUpApiKey(db: DatabaseSync, hash: string): ApiKeyRecord | null {
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
export function recordKeyUse(db: RoomDb, keyId: string, storage: StorageHealth): void {
  // Counted in memory and written in one transaction a moment later: a write per request would
  // cost more than the request. Readers of usage (the key list, close()) flush first. A disk that
  // refuses the write leaves the counts pending: storage keeps retrying until they are written.
  const pending = db.keys
  const use = pending.uses.get(keyId)
  const at = nowIso()
  if (use) {
    use.count++
    use.at = at
  } else pending.uses.set(keyId, { count: 1, at })
  pending.flushTimer ??= setTimeout(
    storage.guard('writing key usage', () => writeKeyUse(db, storage)),
    USE_FLUSH_MS,
  ).unref()
}

/** Writes the counted key uses, or leaves them to storage to write once the disk takes writes again. */
export function writeKeyUse(db: DatabaseSync, storage: StorageHealth): void {
  storage.ensure('API key usage counts', () => flushKeyUse(db))
}

/**
 * Writes the counted key uses now (before reading usage, and before the database closes). If the
 * write fails the counts stay pending, with any counted meanwhile, and the error is thrown.
 */
export function flushKeyUse(db: DatabaseSync): void {
  if (!(db instanceof RoomDb) || db.keys.uses.size === 0 || !db.isOpen) return
  const pending = db.keys
  clearTimeout(pending.flushTimer)
  pending.flushTimer = undefined
  const uses = [...pending.uses]
  pending.uses.clear()
  // Not through run(): usage counters change no cached API answer, so this write must not move the
  // database's data version (db.ts) and empty every route's answer cache.
  const update = statement(
    db,
    'UPDATE api_keys SET last_used_at = ?, request_count = request_count + ? WHERE id = ?',
  )
  try {
    transaction(db, () => {
      for (const [id, use] of uses) update.run(use.at, use.count, id)
    })
  } catch (error) {
    for (const [id, use] of uses) {
      const later = pending.uses.get(id)
      pending.uses.set(id, { count: use.count + (later?.count ?? 0), at: later?.at ?? use.at })
    }
    throw error
  }
}

/** Uses counted but not written yet (a reader adds them when the disk refused the write). */
export function unwrittenKeyUse(db: DatabaseSync, keyId: string): { count: number; at: string } | undefined {
  return db instanceof RoomDb ? db.keys.uses.get(keyId) : undefined
}

/** Reads a stored permissions list. */
export function parsePermissions(json: string): ReadonlySet<Permission> {
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
