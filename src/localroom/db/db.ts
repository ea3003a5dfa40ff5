/** Opening the room's SQLite database and the small helpers every store module shares. */
import { join } from 'node:path'
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite'
import { ensurePrivateFileSync, makePrivateDirSync } from '../../platform/private-fs'
import { asStorageError } from '../http/errors'
import { KeyCache } from '../keys/key-cache'
import { migrate, schemaVersion } from './migrations'

/** The database file name inside the data dir. */
export const DB_FILE = 'localroom.sqlite'

/**
 * The room's own connection to its database, with what the room keeps per connection: its
 * compiled statements, its count of writes (dataVersion) and its key cache. The room creates it
 * with openDatabase and closes it when it stops; nothing about it lives at module level. Other
 * connections (a test, a second reader) are plain DatabaseSync: the helpers below work on both,
 * without the caches.
 */
export class RoomDb extends DatabaseSync {
  // Compiling SQL costs more than running a small indexed query, and the room runs the same few
  // statements on every request: the connection keeps its compiled statements, keyed by their text.
  readonly statements = new Map<string, StatementSync>()
  /** Writes through run() that changed rows: part of dataVersion. */
  localWrites = 0
  /** Recent key lookups and the key uses not written yet (keys/keys.ts). */
  readonly keys = new KeyCache()
  /**
   * Called (on the next turn, after the writing transaction has committed) when webhook deliveries
   * were queued: the sender listens here, so a run's end reaches its receivers without polling.
   */
  readonly outboxListeners = new Set<() => void>()

  override close(): void {
    this.keys.close()
    this.outboxListeners.clear()
    this.statements.clear()
    super.close()
  }
}

/**
 * Opens (creating the data dir and file if needed) the room's database with WAL, foreign keys and
 * the latest schema. A full or read-only disk is reported as a StorageError naming the path.
 */
export function openDatabase(dataDir: string): RoomDb {
  const path = join(dataDir, DB_FILE)
  let db: RoomDb | undefined
  try {
    makePrivateDirSync(dataDir)
    // 0600 before SQLite opens it: SQLite gives the -wal and -shm files the database file's mode.
    ensurePrivateFileSync(path)
    // timeout: a second connection (a test, a future admin tool) may briefly hold the write lock.
    db = new RoomDb(path, { enableForeignKeyConstraints: true, timeout: 5000 })
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('PRAGMA synchronous = NORMAL')
    migrate(db)
    return db
  } catch (error) {
    db?.close()
    throw asStorageError(error, path) ?? error
  }
}

/** Runs fn in one write transaction, rolling back if it throws. Not re-entrant. */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = fn()
    db.exec('COMMIT')
    return result
  } catch (error) {
    // SQLite rolls a transaction back by itself after some errors (SQLITE_FULL, SQLITE_IOERR, a
    // failed COMMIT): a ROLLBACK then fails with "no transaction is active" and would hide the error
    // that matters. The original error is the one thrown, whatever the rollback does.
    if (db.isTransaction) {
      try {
        db.exec('ROLLBACK')
      } catch {
        // Already reported: the error below is why the transaction failed.
      }
    }
    throw error
  }
}

/**
 * Runs fn in the caller's transaction when one is open, else in its own: for a state change that
 * must be written together with what it causes (a run's end and its webhook events) whether or not
 * the caller already groups it with other writes.
 */
export function atomically<T>(db: DatabaseSync, fn: () => T): T {
  return db.isTransaction ? fn() : transaction(db, fn)
}

/**
 * A real write that changes nothing (the schema version is written again as it is): whether the
 * disk takes writes, for a room waiting for a full disk to have room again.
 */
export function probeWrite(db: DatabaseSync): void {
  db.exec(`PRAGMA user_version = ${schemaVersion(db)}`)
}

/** The compiled statement for `sql` on `db`: compiled once on the room's connection. */
export function statement(db: DatabaseSync, sql: string): StatementSync {
  if (!(db instanceof RoomDb)) return db.prepare(sql)
  let compiled = db.statements.get(sql)
  if (!compiled) {
    compiled = db.prepare(sql)
    db.statements.set(sql, compiled)
  }
  return compiled
}

/** Runs a SELECT and types its rows; the column list of the SQL is what makes the cast true. */
export function selectAll<T>(db: DatabaseSync, sql: string, ...params: SQLInputValue[]): T[] {
  return statement(db, sql).all(...params) as unknown as T[]
}

/** Runs a SELECT expected to return at most one row. */
export function selectOne<T>(db: DatabaseSync, sql: string, ...params: SQLInputValue[]): T | undefined {
  return statement(db, sql).get(...params) as unknown as T | undefined
}

/**
 * The row of `table` with this id if it belongs to the workspace: a row of another workspace reads
 * as none, so an id from one workspace's URL never reaches another's data.
 */
export function selectWorkspaceRow<T>(
  db: DatabaseSync,
  table: string,
  columns: string,
  workspaceId: string,
  id: string,
): T | undefined {
  return selectOne<T>(
    db,
    `SELECT ${columns} FROM ${table} WHERE workspace_id = ? AND id = ?`,
    workspaceId,
    id,
  )
}

/** Runs an INSERT/UPDATE/DELETE and returns how many rows it changed. */
export function run(db: DatabaseSync, sql: string, ...params: SQLInputValue[]): number {
  const changes = Number(statement(db, sql).run(...params).changes)
  if (changes > 0 && db instanceof RoomDb) db.localWrites++
  return changes
}

/**
 * A value that changes whenever the database may have changed: this connection's writes (counted
 * in run()) and other connections' commits (SQLite's data_version). Caches key on it.
 */
export function dataVersion(db: DatabaseSync): string {
  const external = statement(db, 'PRAGMA data_version').get() as { data_version: number }
  return `${db instanceof RoomDb ? db.localWrites : 0}:${external.data_version}`
}

/** The current time as the ISO-8601 string every timestamp column holds. */
export function nowIso(): string {
  return new Date().toISOString()
}

/** Seconds between two ISO timestamps, as the API's `duration` reports them. */
export function secondsBetween(startIso: string, endIso: string): number {
  return Math.max(0, (Date.parse(endIso) - Date.parse(startIso)) / 1000)
}
