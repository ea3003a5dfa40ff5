/**
 * The room's storage failures on a real SQLite file: the transaction helper surfaces the error that
 * failed it (not the "no transaction is active" of a ROLLBACK SQLite had already done), errors are
 * typed by their cause, and StorageHealth logs a failure once, keeps what must be written and
 * writes it when it can. A full database is made with PRAGMA max_page_count, which fails a write
 * with SQLITE_FULL exactly as a full disk does, without needing one.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_FILE, openDatabase, probeWrite, transaction } from '../../../../src/localroom/db/db'
import { asStorageError, StorageError } from '../../../../src/localroom/http/errors'
import { StorageHealth } from '../../../../src/localroom/storage/storage-health'

let dir: string
let db: DatabaseSync

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-storage-'))
  db = openDatabase(dir)
  db.exec('CREATE TABLE filler (data TEXT)')
})
afterEach(async () => {
  db.close()
  await rm(dir, { recursive: true, force: true })
})

/** Caps the database at its current size: the next write that needs a page fails with SQLITE_FULL. */
const fillDatabase = () => {
  const { page_count } = db.prepare('PRAGMA page_count').get() as { page_count: number }
  db.exec(`PRAGMA max_page_count = ${page_count}`)
}
const makeRoom = () => db.exec('PRAGMA max_page_count = 1073741823')
const insertBig = () => db.prepare('INSERT INTO filler (data) VALUES (?)').run('x'.repeat(64 * 1024))
const rows = () => (db.prepare('SELECT COUNT(*) AS n FROM filler').get() as { n: number }).n

const thrown = (fn: () => unknown): unknown => {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

describe('transaction()', () => {
  it('throws the SQLITE_FULL that failed it, not the failed ROLLBACK, and leaves the connection usable', () => {
    fillDatabase()
    const error = thrown(() => transaction(db, insertBig)) as Error & { errcode?: number }
    expect(error.message).toBe('database or disk is full')
    expect(error.errcode).toBe(13)
    expect(db.isTransaction).toBe(false)
    makeRoom()
    transaction(db, insertBig)
    expect(rows()).toBe(1)
  })

  it('rolls back what fn wrote when fn throws, and throws fn’s error', () => {
    const error = thrown(() =>
      transaction(db, () => {
        insertBig()
        throw new Error('changed my mind')
      }),
    )
    expect((error as Error).message).toBe('changed my mind')
    expect(rows()).toBe(0)
    expect(db.isTransaction).toBe(false)
  })
})

describe('asStorageError()', () => {
  const dbPath = '/data/localroom.sqlite'
  const errno = (code: string, path?: string, syscall = 'open') =>
    Object.assign(new Error(`${code}: ${syscall} ${path}`), { code, path, syscall })

  it('names the cause and the path for a full or read-only disk and a refused permission', () => {
    const full = asStorageError(errno('ENOSPC', '/data/work-item-files/a'), dbPath)
    expect(full).toBeInstanceOf(StorageError)
    expect(full).toMatchObject({ problem: 'full', path: '/data/work-item-files/a', status: 507 })
    expect(full?.message).toBe('/data/work-item-files/a: the disk is full (ENOSPC)')
    expect(asStorageError(errno('EROFS', '/data/x'), dbPath)).toMatchObject({
      problem: 'read_only',
      status: 503,
    })
    expect(asStorageError(errno('EACCES', '/data/x'), dbPath)).toMatchObject({
      problem: 'not_permitted',
      code: 'storage_unavailable',
    })
  })

  it('reads SQLite result codes, extended ones included, and names the database file', () => {
    const sqlite = (errcode: number) =>
      Object.assign(new Error('sqlite'), { code: 'ERR_SQLITE_ERROR', errcode })
    expect(asStorageError(sqlite(13), dbPath)?.message).toBe(`${dbPath}: the disk is full (SQLITE_FULL)`)
    // SQLITE_READONLY_DBMOVED (8 | 4 << 8)
    expect(asStorageError(sqlite(1032), dbPath)).toMatchObject({ problem: 'read_only', path: dbPath })
    expect(asStorageError(sqlite(19), dbPath)).toBeNull() // a constraint is not the disk
  })

  it('never mistakes other errors for the disk: a port refused, a missing file, a plain error', () => {
    expect(
      asStorageError(Object.assign(new Error('listen'), { code: 'EACCES', syscall: 'listen' }), dbPath),
    ).toBeNull()
    expect(asStorageError(errno('ENOENT', '/data/missing'), dbPath)).toBeNull()
    expect(asStorageError(new Error('boom'), dbPath)).toBeNull()
    expect(asStorageError('text', dbPath)).toBeNull()
  })

  it('API answers name the cause but never the path', () => {
    const full = asStorageError(errno('ENOSPC', '/secret/place/file'), dbPath) as StorageError
    expect(full.apiMessage).toMatch(/disk is full/)
    expect(full.apiMessage).not.toContain('/secret')
  })
})

describe('StorageHealth', () => {
  const health = (logs: string[]) =>
    new StorageHealth({
      dataDir: dir,
      log: (line) => logs.push(line),
      probe: () => probeWrite(db),
      retryMs: 20,
    })

  it('logs a full disk once with its path, keeps a write it refused and writes it once there is room', async () => {
    const logs: string[] = []
    const storage = health(logs)
    fillDatabase()
    expect(storage.ensure('the big row', insertBig)).toBe(false)
    for (let i = 0; i < 5; i++) expect(storage.notice(thrown(insertBig))).toBeInstanceOf(StorageError)
    await new Promise((done) => setTimeout(done, 100))
    expect(logs).toEqual([expect.stringContaining(`${join(dir, DB_FILE)}: the disk is full (SQLITE_FULL)`)])
    expect(storage.waiting).toBe(1)
    expect(rows()).toBe(0)

    makeRoom()
    await expect.poll(() => rows(), { timeout: 2000 }).toBe(1)
    await expect.poll(() => storage.problem, { timeout: 2000 }).toBeNull()
    expect(logs.at(-1)).toBe(`storage: ${dir} takes writes again`)
    expect(storage.waiting).toBe(0)
    storage.close()
  })

  it('keeps only the latest write for the same thing, and throws what is not the disk', () => {
    const storage = health([])
    fillDatabase()
    const written: string[] = []
    storage.ensure('usage', () => {
      insertBig()
      written.push('first')
    })
    storage.ensure('usage', () => {
      insertBig()
      written.push('second')
    })
    expect(storage.waiting).toBe(1)
    makeRoom()
    storage.close()
    expect(written).toEqual(['second'])
    expect(() => storage.ensure('bug', () => JSON.parse('{'))).toThrow(SyntaxError)
  })

  it('guard() reports what a callback throws instead of letting it end the process', () => {
    const logs: string[] = []
    const storage = health(logs)
    const callback = storage.guard('a timer', () => {
      throw new Error('boom')
    })
    expect(() => callback()).not.toThrow()
    expect(logs).toEqual([expect.stringMatching(/^error: a timer: Error: boom/)])
    storage.close()
  })
})
