/**
 * Users and their access credentials (`<numeric id>:<96 hex>`), the way desktop tools such as rcc
 * link to Control Room. Checking a robocloud-hmac signature needs the secret itself, so it is kept
 * sealed (AES-256-GCM under a key derived from the room secret), never in plain text, and shown
 * only once, when the credential is created.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import { nowIso, run, selectAll, selectOne, statement, transaction } from '../db/db'
import { deriveKey } from './room-secret'
import { seal, unseal } from './secret-box'

/** The user the first start creates; it owns the room's workspace. */
export const OWNER_USER = {
  email: 'owner@localhost',
  first_name: 'Local',
  last_name: 'Owner',
  company_name: 'Local',
} as const

/** The label of the credential the room (re)issues with --print-bootstrap / issueBootstrapKey. */
export const BOOTSTRAP_CREDENTIAL_LABEL = 'Robodeck bootstrap'

/** The key that seals and opens credential secrets for a room. */
export function credentialSecretKey(roomSecret: Buffer): Buffer {
  return deriveKey(roomSecret, 'user-credential-secrets')
}

export interface UserRow {
  id: string
  email: string
  first_name: string
  last_name: string
  company_name: string | null
  created_at: string
}

/** A credential as listed: never its secret. */
export interface CredentialRow {
  id: number
  user_id: string
  label: string
  bootstrap: number
  created_at: string
  last_used_at: string | null
}

/**
 * Makes sure the room has its owner user (created on first start) and that the room's workspace
 * has an owner; returns the owner's id. Idempotent: runs on every start.
 */
export function ensureOwner(db: DatabaseSync, workspaceId: string): string {
  return transaction(db, () => {
    const now = nowIso()
    let owner = selectOne<{ id: string }>(db, 'SELECT id FROM users ORDER BY created_at, rowid LIMIT 1')
    if (!owner) {
      owner = { id: randomUUID() }
      run(
        db,
        'INSERT INTO users (id, email, first_name, last_name, company_name, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        owner.id,
        OWNER_USER.email,
        OWNER_USER.first_name,
        OWNER_USER.last_name,
        OWNER_USER.company_name,
        now,
      )
    }
    run(
      db,
      `INSERT INTO workspace_members (workspace_id, user_id, role, created_at)
       SELECT ?, ?, 'owner', ? WHERE NOT EXISTS (SELECT 1 FROM workspace_members WHERE workspace_id = ?)`,
      workspaceId,
      owner.id,
      now,
      workspaceId,
    )
    return owner.id
  })
}

/** A user by id, or undefined. */
export function getUser(db: DatabaseSync, id: string): UserRow | undefined {
  return selectOne<UserRow>(
    db,
    'SELECT id, email, first_name, last_name, company_name, created_at FROM users WHERE id = ?',
    id,
  )
}

/** Whether the user may manage the workspace (keys, processes, webhooks). */
export function userOwnsWorkspace(db: DatabaseSync, userId: string, workspaceId: string): boolean {
  return (
    selectOne(
      db,
      `SELECT 1 AS ok FROM workspace_members WHERE workspace_id = ? AND user_id = ? AND role = 'owner'`,
      workspaceId,
      userId,
    ) !== undefined
  )
}

/** Creates a credential for a user; the returned `credential` string is the only copy of the secret given out. */
export function createCredential(
  db: DatabaseSync,
  sealKey: Buffer,
  input: { userId: string; label: string; bootstrap?: boolean },
): CredentialRow & { credential: string } {
  const secret = randomBytes(48).toString('hex')
  const createdAt = nowIso()
  // The id is the additional data of the sealed secret, so insert first and seal once it is known.
  const id = Number(
    db
      .prepare(
        `INSERT INTO user_credentials (user_id, label, secret_sealed, bootstrap, created_at) VALUES (?, ?, '', ?, ?)`,
      )
      .run(input.userId, input.label, input.bootstrap ? 1 : 0, createdAt).lastInsertRowid,
  )
  run(db, 'UPDATE user_credentials SET secret_sealed = ? WHERE id = ?', seal(sealKey, secret, String(id)), id)
  return {
    id,
    user_id: input.userId,
    label: input.label,
    bootstrap: input.bootstrap ? 1 : 0,
    created_at: createdAt,
    last_used_at: null,
    credential: `${id}:${secret}`,
  }
}

/** Revokes the user's earlier bootstrap credential and issues a new one; returns `<id>:<secret>`. */
export function issueBootstrapCredential(db: DatabaseSync, sealKey: Buffer, userId: string): string {
  return transaction(db, () => {
    run(db, 'DELETE FROM user_credentials WHERE user_id = ? AND bootstrap = 1', userId)
    return createCredential(db, sealKey, { userId, label: BOOTSTRAP_CREDENTIAL_LABEL, bootstrap: true })
      .credential
  })
}

/** The credential with this identifier and its opened secret, or null (unknown, revoked, or unreadable). */
export function findCredential(
  db: DatabaseSync,
  sealKey: Buffer,
  identifier: string,
): { id: number; userId: string; secret: string } | null {
  if (!/^\d{1,15}$/.test(identifier)) return null
  const id = Number(identifier)
  const row = selectOne<{ user_id: string; secret_sealed: string }>(
    db,
    'SELECT user_id, secret_sealed FROM user_credentials WHERE id = ?',
    id,
  )
  const secret = row ? unseal(sealKey, row.secret_sealed, String(id)) : null
  return row && secret ? { id, userId: row.user_id, secret } : null
}

/** Records that a credential signed a request. */
export function touchCredential(db: DatabaseSync, id: number, at = nowIso()): void {
  // Not through run(), like recordKeyUse: last-used times must not empty the answer caches.
  statement(db, 'UPDATE user_credentials SET last_used_at = ? WHERE id = ?').run(at, id)
}

/** Up to `limit + 1` of a user's credentials, newest first, older than the cursor's id. */
export function listCredentials(
  db: DatabaseSync,
  userId: string,
  /** Rows to read (a page's limit + 1: the extra row says whether there is more). */
  fetch: number,
  before?: number,
): CredentialRow[] {
  const params: SQLInputValue[] = [userId]
  let where = 'user_id = ?'
  if (before !== undefined) {
    where += ' AND id < ?'
    params.push(before)
  }
  return selectAll<CredentialRow>(
    db,
    `SELECT id, user_id, label, bootstrap, created_at, last_used_at FROM user_credentials
     WHERE ${where} ORDER BY id DESC LIMIT ?`,
    ...params,
    fetch,
  )
}

/** Revokes (deletes, secret and all) one of a user's credentials; false when the user has no such credential. */
export function revokeCredential(db: DatabaseSync, userId: string, id: number): boolean {
  return run(db, 'DELETE FROM user_credentials WHERE user_id = ? AND id = ?', userId, id) > 0
}
