/**
 * The local room's schema, as an ordered list of migrations. The database records how many it has
 * applied in `PRAGMA user_version`, so opening an old data dir brings it forward and re-opening a
 * current one changes nothing. Never edit a shipped migration: append a new one.
 */
import type { DatabaseSync } from 'node:sqlite'
import { migration as v2 } from './migrations/v2-runs-and-work-items'
import { migration as v3 } from './migrations/v3-keys-and-credentials'
import { migration as v4 } from './migrations/v4-webhooks-and-assets'
import { migration as v5 } from './migrations/v5-runner'
import { migration as v6 } from './migrations/v6-robots-and-processes'
import { migration as v7 } from './migrations/v7-step-config-and-robot-items'

export interface Migration {
  /** 1-based; equals the user_version the database has once this migration is applied. */
  version: number
  description: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'workspaces, api keys, processes and steps, runs, work items, outputs, console',
    sql: `
      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        organization_id TEXT NOT NULL,
        organization_name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      -- Keys are stored only as the sha256 of their value: a lost key is re-issued, never shown again.
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        key_suffix TEXT NOT NULL,
        permissions TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        request_count INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX api_keys_workspace ON api_keys(workspace_id);

      CREATE TABLE processes (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        default_payload TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX processes_workspace ON processes(workspace_id, created_at);

      -- robot is a folder name under the robots dir; task NULL means the robot's only task.
      CREATE TABLE steps (
        id TEXT PRIMARY KEY,
        process_id TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        robot TEXT NOT NULL,
        task TEXT,
        UNIQUE (process_id, position)
      );

      -- seq gives a total, insert-ordered key so that newest-first cursors stay stable while runs
      -- are being created; ids stay opaque UUIDs.
      CREATE TABLE process_runs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        process_id TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('new', 'in_progress', 'completed', 'unresolved', 'stopping')),
        created_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        duration REAL,
        started_by_type TEXT NOT NULL CHECK (started_by_type IN ('api', 'user', 'schedule', 'email')),
        started_by_details TEXT,
        callback TEXT
      );
      CREATE INDEX process_runs_workspace ON process_runs(workspace_id, seq);
      CREATE INDEX process_runs_process ON process_runs(process_id, seq);

      CREATE TABLE step_runs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        process_run_id TEXT NOT NULL REFERENCES process_runs(id) ON DELETE CASCADE,
        step_id TEXT NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('new', 'awaiting_worker', 'in_progress', 'completed', 'failed')),
        state_updated_at TEXT NOT NULL,
        error_code TEXT,
        exit_code INTEGER,
        created_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        duration REAL
      );
      CREATE INDEX step_runs_run ON step_runs(process_run_id, seq);

      CREATE TABLE work_items (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        process_id TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
        process_run_id TEXT REFERENCES process_runs(id) ON DELETE CASCADE,
        step_id TEXT REFERENCES steps(id) ON DELETE SET NULL,
        step_run_id TEXT REFERENCES step_runs(id) ON DELETE SET NULL,
        state TEXT NOT NULL CHECK (state IN ('new', 'pending', 'in_progress', 'failed', 'done')),
        state_updated_at TEXT,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        exception_code TEXT,
        exception_type TEXT CHECK (exception_type IN ('application', 'business', 'orchestrator', 'unspecified')),
        exception_message TEXT
      );
      CREATE INDEX work_items_run ON work_items(process_run_id, seq);
      CREATE INDEX work_items_process ON work_items(process_id, seq);
      CREATE INDEX work_items_step_run ON work_items(step_run_id);

      -- What the last step of a run wrote as output work items (the API's ProcessRunOutput).
      CREATE TABLE run_outputs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        process_run_id TEXT NOT NULL REFERENCES process_runs(id) ON DELETE CASCADE,
        step_run_id TEXT REFERENCES step_runs(id) ON DELETE SET NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX run_outputs_run ON run_outputs(process_run_id, seq);

      -- stream 'system' holds the room's own lines about a step (robot.yaml errors, spawn failures).
      CREATE TABLE console_messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        step_run_id TEXT NOT NULL REFERENCES step_runs(id) ON DELETE CASCADE,
        timestamp TEXT NOT NULL,
        stream TEXT NOT NULL CHECK (stream IN ('stdout', 'stderr', 'system')),
        message TEXT NOT NULL
      );
      CREATE INDEX console_messages_step_run ON console_messages(step_run_id, seq);
    `,
  },
  // Later versions each live in their own file under migrations/.
  v2,
  v3,
  v4,
  v5,
  v6,
  v7,
]

/** The schema version a fully migrated database has. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length

/** Reads the database's applied schema version (PRAGMA user_version). */
export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get()
  return Number(row?.user_version ?? 0)
}

/** Applies every migration newer than the database's version, each in its own transaction. */
export function migrate(
  db: DatabaseSync,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const from = schemaVersion(db)
  const latest = migrations.length
  if (from > latest) {
    // Running an older Robodeck on a newer data dir would silently misread it.
    throw new Error(
      `local Control Room database has schema version ${from}, newer than this build supports (${latest}); use a newer Robodeck or another data dir`,
    )
  }
  for (const migration of migrations.slice(from)) {
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(migration.sql)
      // user_version lives in the database header and is covered by the transaction.
      db.exec(`PRAGMA user_version = ${migration.version}`)
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw new Error(`local Control Room migration ${migration.version} failed: ${(error as Error).message}`)
    }
  }
  return { from, to: schemaVersion(db) }
}
