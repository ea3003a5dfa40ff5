import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_FILE, openDatabase } from '../../../../src/localroom/db/db'
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  migrate,
  schemaVersion,
} from '../../../../src/localroom/db/migrations'
import { seedIfEmpty } from '../../../../src/localroom/db/seed'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-migrations-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const tables = (db: DatabaseSync) =>
  (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .all() as {
      name: string
    }[]
  ).map((row) => row.name)

describe('local room migrations', () => {
  it('numbers migrations 1..N with no gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, index) => index + 1))
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length)
  })

  it('brings a fresh database to the latest version, in WAL with foreign keys on', () => {
    const db = openDatabase(join(dir, 'nested', 'data'))
    try {
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
      expect(tables(db)).toEqual(
        expect.arrayContaining([
          'workspaces',
          'api_keys',
          'processes',
          'steps',
          'process_runs',
          'step_runs',
          'work_items',
          'run_outputs',
          'console_messages',
        ]),
      )
      expect(db.prepare('PRAGMA journal_mode').get()?.journal_mode).toBe('wal')
      expect(db.prepare('PRAGMA foreign_keys').get()?.foreign_keys).toBe(1)
    } finally {
      db.close()
    }
  })

  it('re-opening is idempotent and keeps the data', () => {
    const first = openDatabase(dir)
    const workspaceId = seedIfEmpty(first)
    first.close()

    const second = openDatabase(dir)
    try {
      expect(migrate(second)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION })
      expect(seedIfEmpty(second)).toBe(workspaceId)
      // The four sample processes, seeded once.
      expect(second.prepare('SELECT COUNT(*) AS n FROM processes').get()?.n).toBe(4)
    } finally {
      second.close()
    }
  })

  it('refuses a database written by a newer schema', () => {
    const raw = new DatabaseSync(join(dir, DB_FILE))
    raw.exec(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 1}`)
    raw.close()
    expect(() => openDatabase(dir)).toThrow(/newer than this build supports/)
  })

  it('rolls a failing migration back entirely', () => {
    const db = new DatabaseSync(':memory:')
    try {
      const broken = [
        ...MIGRATIONS,
        {
          version: MIGRATIONS.length + 1,
          description: 'broken',
          sql: 'CREATE TABLE half (x); SELECT nope FROM missing;',
        },
      ]
      expect(() => migrate(db, broken)).toThrow(/migration \d+ failed/)
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
      expect(tables(db)).not.toContain('half')
    } finally {
      db.close()
    }
  })

  it('gives steps of schema 6 their settings: the bundled samples the file contract, other robots the API', () => {
    const db = new DatabaseSync(':memory:')
    try {
      migrate(db, MIGRATIONS.slice(0, 6))
      const now = new Date().toISOString()
      db.exec(`INSERT INTO workspaces (id, name, organization_id, organization_name, created_at)
               VALUES ('w', 'W', 'o', 'O', '${now}')`)
      db.exec(`INSERT INTO processes (id, workspace_id, name, created_at) VALUES ('p', 'w', 'P', '${now}')`)
      db.exec(`INSERT INTO robots (id, workspace_id, name, source, folder, created_at, updated_at) VALUES
               ('sample', 'w', 'echo-payload', 'bundled', 'echo-payload', '${now}', '${now}'),
               ('mine', 'w', 'Mine', 'folder', NULL, '${now}', '${now}')`)
      db.exec(`INSERT INTO steps (id, process_id, position, name, robot, task) VALUES
               ('s1', 'p', 0, 'Sample', 'sample', 'Echo payload'), ('s2', 'p', 1, 'Mine', 'mine', 'Run')`)
      migrate(db)
      expect(
        db
          .prepare(
            'SELECT id, wait_for_previous, parallel_executions, env, work_item_adapter FROM steps ORDER BY position',
          )
          .all()
          .map((row) => ({ ...row })),
      ).toEqual([
        { id: 's1', wait_for_previous: 1, parallel_executions: 1, env: '{}', work_item_adapter: 'file' },
        { id: 's2', wait_for_previous: 1, parallel_executions: 1, env: '{}', work_item_adapter: 'api' },
      ])
    } finally {
      db.close()
    }
  })
})
