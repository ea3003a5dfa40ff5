/** Keys and credentials at the store level: the v3 migration of older keys, sealing, bootstrap re-issue, the owner. */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createCredential,
  credentialSecretKey,
  ensureOwner,
  findCredential,
  issueBootstrapCredential,
  OWNER_USER,
  userOwnsWorkspace,
} from '../../../../src/localroom/credentials/credentials'
import { DB_FILE, openDatabase } from '../../../../src/localroom/db/db'
import { MIGRATIONS, migrate } from '../../../../src/localroom/db/migrations'
import { seedIfEmpty } from '../../../../src/localroom/db/seed'
import { getApiKey, revealApiKey } from '../../../../src/localroom/keys/key-store'
import {
  apiKeyValueKey,
  createApiKey,
  findApiKey,
  hashApiKey,
  issueBootstrapKey,
} from '../../../../src/localroom/keys/keys'
import { parseCredential } from '../../../../src/platform/robocloud-hmac'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-keys-unit-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const roomSecret = randomBytes(32)

describe('schema 3 keys', () => {
  it('keeps the keys of an older data dir working, bootstrap flag included, with no value to show', () => {
    const raw = new DatabaseSync(join(dir, DB_FILE), { enableForeignKeyConstraints: true })
    migrate(raw, MIGRATIONS.slice(0, 2))
    const ws = randomUUID()
    raw
      .prepare(
        `INSERT INTO workspaces (id, name, organization_id, organization_name, created_at) VALUES (?, 'W', 'o', 'O', ?)`,
      )
      .run(ws, new Date().toISOString())
    const insert = raw.prepare(
      `INSERT INTO api_keys (id, workspace_id, name, key_hash, key_suffix, permissions, created_at, request_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, 5)`,
    )
    insert.run(
      'k1',
      ws,
      'Robodeck bootstrap',
      hashApiKey('old-bootstrap'),
      'trap',
      '["Processes.read_runs"]',
      '2024-01-01T00:00:00.000Z',
    )
    insert.run(
      'k2',
      ws,
      'mine',
      hashApiKey('old-mine'),
      'mine',
      '["Processes.read_processes"]',
      '2024-01-02T00:00:00.000Z',
    )
    raw.close()

    const db = openDatabase(dir)
    try {
      expect(findApiKey(db, 'old-mine')).toMatchObject({ id: 'k2', workspaceId: ws })
      expect(getApiKey(db, ws, 'k1')).toMatchObject({ bootstrap: 1, request_count: 5 })
      expect(getApiKey(db, ws, 'k2')).toMatchObject({ bootstrap: 0 })
      expect(revealApiKey(db, apiKeyValueKey(roomSecret), ws, 'k2')).toBeNull()
      expect(revealApiKey(db, apiKeyValueKey(roomSecret), ws, 'nope')).toBeUndefined()
      // Re-issuing replaces the old bootstrap key only, whatever other keys are named.
      createApiKey(db, { workspaceId: ws, name: 'Robodeck bootstrap', permissions: [] })
      const fresh = issueBootstrapKey(db, ws, apiKeyValueKey(roomSecret))
      expect(findApiKey(db, 'old-bootstrap')).toBeNull()
      expect(findApiKey(db, 'old-mine')).not.toBeNull()
      const names = db.prepare('SELECT name, bootstrap FROM api_keys ORDER BY seq').all()
      expect(names).toEqual([
        { name: 'mine', bootstrap: 0 },
        { name: 'Robodeck bootstrap', bootstrap: 0 },
        { name: 'Robodeck bootstrap', bootstrap: 1 },
      ])
      const id = findApiKey(db, fresh)?.id as string
      expect(revealApiKey(db, apiKeyValueKey(roomSecret), ws, id)).toBe(fresh)
      // Another room secret opens nothing.
      expect(revealApiKey(db, apiKeyValueKey(randomBytes(32)), ws, id)).toBeNull()
    } finally {
      db.close()
    }
  })
})

describe('users and credentials', () => {
  it('creates the owner once and makes it own the room workspace', () => {
    const db = openDatabase(dir)
    try {
      const ws = seedIfEmpty(db)
      const owner = ensureOwner(db, ws)
      expect(ensureOwner(db, ws)).toBe(owner)
      expect(db.prepare('SELECT email, first_name, last_name FROM users').all()).toEqual([
        { email: OWNER_USER.email, first_name: 'Local', last_name: 'Owner' },
      ])
      expect(userOwnsWorkspace(db, owner, ws)).toBe(true)
      expect(userOwnsWorkspace(db, owner, randomUUID())).toBe(false)
    } finally {
      db.close()
    }
  })

  it('seals secrets, re-issues the bootstrap credential and opens only with the room key', () => {
    const db = openDatabase(dir)
    try {
      const owner = ensureOwner(db, seedIfEmpty(db))
      const key = credentialSecretKey(roomSecret)
      const first = issueBootstrapCredential(db, key, owner)
      const kept = createCredential(db, key, { userId: owner, label: 'kept' }).credential
      const second = issueBootstrapCredential(db, key, owner)
      const parsed = (c: string) => parseCredential(c) as { id: string; secret: string }
      expect(findCredential(db, key, parsed(first).id)).toBeNull()
      expect(findCredential(db, key, parsed(second).id)).toMatchObject({
        userId: owner,
        secret: parsed(second).secret,
      })
      expect(findCredential(db, key, parsed(kept).id)?.secret).toBe(parsed(kept).secret)
      expect(findCredential(db, credentialSecretKey(randomBytes(32)), parsed(kept).id)).toBeNull()
      for (const bad of ['', 'x', '-1', '1e3', '9'.repeat(20)])
        expect(findCredential(db, key, bad)).toBeNull()
      const dump = JSON.stringify(db.prepare('SELECT * FROM user_credentials').all())
      expect(dump).not.toContain(parsed(kept).secret)
      // Ids are never reused after a revoke.
      expect(Number(parsed(second).id)).toBeGreaterThan(Number(parsed(kept).id))
    } finally {
      db.close()
    }
  })
})
