/** Opening the room's SQLite database and the small helpers every store module shares. */
import { join } from 'node:path'
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite'
import { ensurePrivateFileSync, makePrivateDirSync } from '../../platform/private-fs'
import { asStorageError } from '../http/errors'
import { migrate, schemaVersion } from './migrations'

/** The database file name inside the data dir. */
export const DB_FILE = 'localroom.sqlite'

/**
 * Opens (creating the data dir and file if needed) the room's database with WAL, foreign keys and
 * the latest schema. A full or read-only disk is reported as a StorageError naming the path.
 */
export function openDatabase(dataDir: string): DatabaseSync {
  const path = join(dataDir, DB_FILE)
  let db: DatabaseSync | undefined
  try {
    makePrivateDirSync(dataDir)
    // 0600 before SQLite opens it: SQLite gives the -wal and -shm files the database file's mode.
    ensurePrivateFileSync(path)
    // timeout: a second connection (a test, a future admin tool) may briefly hold the write lock.
    db = new DatabaseSync(path, { enableForeignKeyConstraints: true, timeout: 5000 })
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
 * A real write that changes nothing (the schema version is written again as it is): whether the
 * disk takes writes, for a room waiting for a full disk to have room again.
 */
export function probeWrite(db: DatabaseSync): void {
  db.exec(`PRAGMA user_version = ${schemaVersion(db)}`)
}

// Compiling SQL costs more than running a small indexed query, and the room runs the same few
// statements on every request: each database keeps its compiled statements, keyed by their text.
const statements = new WeakMap<DatabaseSync, Map<string, StatementSync>>()

/** The compiled statement for `sql` on `db`, compiled once. */
export function statement(db: DatabaseSync, sql: string): StatementSync {
  let cache = statements.get(db)
  if (!cache) {
    cache = new Map()
    statements.set(db, cache)
  }
  let compiled = cache.get(sql)
  if (!compiled) {
    compiled = db.prepare(sql)
    cache.set(sql, compiled)
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

const localWrites = new WeakMap<DatabaseSync, number>()

/** Runs an INSERT/UPDATE/DELETE and returns how many rows it changed. */
export function run(db: DatabaseSync, sql: string, ...params: SQLInputValue[]): number {
  const changes = Number(statement(db, sql).run(...params).changes)
  if (changes > 0) localWrites.set(db, (localWrites.get(db) ?? 0) + 1)
  return changes
}

/**
 * A value that changes whenever the database may have changed: this connection's writes (counted
 * in run()) and other connections' commits (SQLite's data_version). Caches key on it.
 */
export function dataVersion(db: DatabaseSync): string {
  const external = statement(db, 'PRAGMA data_version').get() as { data_version: number }
  return `${localWrites.get(db) ?? 0}:${external.data_version}`
}

/** The current time as the ISO-8601 string every timestamp column holds. */
export function nowIso(): string {
  return new Date().toISOString()
}

/** Seconds between two ISO timestamps, as the API's `duration` reports them. */
export function secondsBetween(startIso: string, endIso: string): number {
  return Math.max(0, (Date.parse(endIso) - Date.parse(startIso)) / 1000)
}
