/**
 * Claiming a data dir at start: it is made private (0700 on POSIX) and locked for this room, before
 * the room reads or changes anything in it.
 */
import { dirname, join } from 'node:path'
import { HOLDER_FILE } from '../../platform/local-room-holder'
import {
  formatMode,
  makePrivateDir,
  securePrivateDirSync,
  tightenFileSync,
  tightenTree,
} from '../../platform/private-fs'
import { assetsDir } from '../assets/asset-store'
import { ROOM_SECRET_FILE } from '../credentials/room-secret'
import { DB_FILE } from '../db/db'
import { robotsRoot } from '../robot/robots'
import { workItemFilePath } from '../work-items/work-item-files'
import { type DataDirLock, LOCK_FILE, lockDataDir } from './data-dir-lock'

/** The room's files at the top of its data dir (the database's companions included). */
function roomFiles(dataDir: string): string[] {
  return [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, ROOM_SECRET_FILE, LOCK_FILE, HOLDER_FILE].map((name) =>
    join(dataDir, name),
  )
}

/** The room's folders in its data dir (see "Data dir layout" in docs/localroom.md). */
function roomFolders(dataDir: string): string[] {
  return [
    robotsRoot(dataDir),
    assetsDir(dataDir),
    dirname(workItemFilePath(dataDir, 'file')),
    join(dataDir, 'step-runs'),
  ]
}

/**
 * Creates the data dir 0700 (or makes an existing one 0700), takes its lock (throws
 * DataDirInUseError when another room holds it) and makes the room's files and folders private.
 * A data dir that was open to others (one from before rooms made it private) has everything the
 * room keeps in it made private too, once; the log says so. Only the room's own entries are
 * touched, never anything else someone keeps in the folder.
 */
export async function claimDataDir(dataDir: string, log: (line: string) => void): Promise<DataDirLock> {
  const previousMode = securePrivateDirSync(dataDir)
  const lock = lockDataDir(dataDir, log)
  try {
    let tightened = 0
    for (const file of roomFiles(dataDir)) if (tightenFileSync(file) !== null) tightened += 1
    for (const folder of roomFolders(dataDir)) {
      if (previousMode !== null) tightened += await tightenTree(folder)
      // Created now, private: whatever is written into them later is out of others' reach.
      await makePrivateDir(folder)
    }
    if (previousMode !== null)
      log(`made the data dir ${dataDir} private: it was ${formatMode(previousMode)}, now 0700`)
    if (tightened > 0) log(`made ${tightened} file(s) and folder(s) in the data dir private (0600/0700)`)
    return lock
  } catch (error) {
    lock.release()
    throw error
  }
}
