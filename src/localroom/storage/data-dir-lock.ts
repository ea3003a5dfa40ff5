/**
 * One room per data dir. A second room on a live room's data dir would take the live room's runs
 * for a crash's leftovers: end them, kill its robots and revoke its bootstrap key. So a room holds
 * an exclusive lock on its data dir for as long as it runs.
 *
 * The lock is SQLite's own file lock on `<data>/localroom.lock`, an empty database this module opens
 * in exclusive locking mode with a transaction it never ends: fcntl locks on POSIX, LockFileEx on
 * Windows. The operating system drops such a lock when the process ends, however it ends (kill -9
 * included), so a crash never leaves a stale lock to clean up, unlike a pid file. A second room in the
 * same process is refused too (SQLite tracks its own connections' locks).
 *
 * Beside it, `<data>/localroom.holder.json` names the holder's pid and URL, so that a refused room
 * can say who holds the dir and the desktop app can reach the room that does. It is informational:
 * the lock alone decides; the file is only read once the lock has been refused.
 */
import { randomBytes } from 'node:crypto'
import { renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { HOLDER_FILE, type LockHolder, readLockHolder } from '../../platform/local-room-holder'
import { ensurePrivateFileSync, writePrivateFileSync } from '../../platform/private-fs'

/** The lock database inside the data dir. */
export const LOCK_FILE = 'localroom.lock'
/** The data dir is locked by another room (in this process or another). */
export class DataDirInUseError extends Error {
  readonly code = 'EDATADIRINUSE'
  constructor(
    readonly dataDir: string,
    /** What the holder file says, or null when it cannot be read. */
    readonly holder: LockHolder | null,
  ) {
    super(`the data dir ${dataDir} is in use by another local Control Room (${describeHolder(holder)})`)
    this.name = 'DataDirInUseError'
  }
}

function describeHolder(holder: LockHolder | null): string {
  if (!holder) return `its pid and URL are unknown: ${HOLDER_FILE} is missing or unreadable`
  const pid = holder.pid === process.pid ? `pid ${holder.pid}, this process` : `pid ${holder.pid}`
  return holder.url ? `${pid}, at ${holder.url}` : `${pid}, still starting`
}

/** A held lock on a data dir. */
export interface DataDirLock {
  /** Records the room's URL and workspace in the holder file, for whoever finds the dir in use. */
  announce(details: { url: string; workspaceId: string }): void
  /** Removes the holder file and releases the lock. Safe to call twice. */
  release(): void
}

/**
 * Takes the data dir's lock, or throws DataDirInUseError naming the holder. The data dir must exist.
 * `log` hears about a holder file that could not be written (the lock still holds).
 */
export function lockDataDir(dataDir: string, log: (line: string) => void = () => {}): DataDirLock {
  const lockPath = join(dataDir, LOCK_FILE)
  ensurePrivateFileSync(lockPath)
  let db: DatabaseSync | undefined
  try {
    db = new DatabaseSync(lockPath, { timeout: 0 })
    // MEMORY: no -journal file beside the lock. The pragma reads the file, so a held lock fails it.
    db.exec('PRAGMA journal_mode = MEMORY')
    db.exec('PRAGMA locking_mode = EXCLUSIVE')
    db.exec('BEGIN EXCLUSIVE')
  } catch (error) {
    db?.close()
    if (isBusy(error)) throw new DataDirInUseError(dataDir, readLockHolder(dataDir))
    throw new Error(`cannot lock the data dir ${dataDir} (${lockPath}): ${(error as Error).message}`)
  }
  const held = db
  const holderPath = join(dataDir, HOLDER_FILE)
  const holder: LockHolder = {
    pid: process.pid,
    url: null,
    workspace_id: null,
    started_at: new Date().toISOString(),
  }
  const writeHolder = () => {
    // Written beside and renamed into place, so a reader never sees half a file.
    const temp = `${holderPath}.${randomBytes(6).toString('hex')}.tmp`
    try {
      writePrivateFileSync(temp, `${JSON.stringify(holder)}\n`, 'wx')
      renameSync(temp, holderPath)
    } catch (error) {
      rmSync(temp, { force: true })
      log(
        `cannot write ${holderPath} (the lock holds; a refused room cannot name this one): ${(error as Error).message}`,
      )
    }
  }
  writeHolder()
  let released = false
  return {
    announce({ url, workspaceId }) {
      if (released) return
      holder.url = url
      holder.workspace_id = workspaceId
      writeHolder()
    },
    release() {
      if (released) return
      released = true
      // Removed while the lock is still held, so it is never another holder's file that goes.
      rmSync(holderPath, { force: true })
      try {
        held.exec('ROLLBACK')
      } finally {
        held.close()
      }
    },
  }
}

/** SQLITE_BUSY (5) or SQLITE_LOCKED (6), with or without an extended code. */
function isBusy(error: unknown): boolean {
  const code = (error as { errcode?: unknown }).errcode
  return typeof code === 'number' && ((code & 0xff) === 5 || (code & 0xff) === 6)
}
