/**
 * Files and folders only their owner can read: the one home for creating them. Run data (the
 * database, keys, work item files, robots' working copies and artifacts) belongs to the user who
 * runs the room, so folders are 0700 and files 0600 on POSIX, whatever the umask. Modes are given
 * when a file is created, so it is never readable by others for a moment. On Windows, modes mean
 * little (chmod only sets the read-only flag): there the user profile's ACLs protect the data, and
 * the chmod calls here are skipped.
 */
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs'
import { chmod, copyFile, lstat, mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Mode of a folder only its owner can use. */
export const PRIVATE_DIR_MODE = 0o700
/** Mode of a file only its owner can read and write. */
export const PRIVATE_FILE_MODE = 0o600

const POSIX = process.platform !== 'win32'
/** Permission bits for anyone but the owner: what "private" rules out. */
const OTHERS = 0o077

/** A mode as the four octal digits `ls` users know, e.g. 0755. */
export function formatMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`
}

/** The private mode for a file of this mode: 0600, or 0700 when its owner may run it (a robot's script). */
function privateFileMode(mode: number): number {
  return PRIVATE_FILE_MODE | (mode & 0o100)
}

/** Creates a folder (and missing parents) 0700. An existing folder keeps its mode. */
export async function makePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE })
}

/** makePrivateDir, synchronously. */
export function makePrivateDirSync(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE })
}

/**
 * Writes a file created 0600 (flag 'wx' refuses an existing one). A file that already existed is
 * made 0600 too: writeFile's mode only applies to a file it creates.
 */
export async function writePrivateFile(path: string, data: string | Uint8Array, flag = 'w'): Promise<void> {
  await writeFile(path, data, { mode: PRIVATE_FILE_MODE, flag })
  if (POSIX) await chmod(path, PRIVATE_FILE_MODE)
}

/** writePrivateFile, synchronously. */
export function writePrivateFileSync(path: string, data: string | Uint8Array, flag = 'w'): void {
  writeFileSync(path, data, { mode: PRIVATE_FILE_MODE, flag })
  if (POSIX) chmodSync(path, PRIVATE_FILE_MODE)
}

/** Copies a file and makes the copy 0600: copyFile gives a copy its source's mode, not one of ours. */
export async function copyPrivateFile(source: string, destination: string): Promise<void> {
  await copyFile(source, destination)
  if (POSIX) await chmod(destination, PRIVATE_FILE_MODE)
}

/**
 * Makes sure a file exists and is 0600, creating it empty if needed. SQLite gives a database's
 * -wal, -shm and -journal files the mode of the database file, so a database made private this way
 * before it is opened keeps all of them private.
 */
export function ensurePrivateFileSync(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE))
  if (POSIX) chmodSync(path, PRIVATE_FILE_MODE)
}

/**
 * Makes an existing file private if it is not (a no-op for a missing file). Returns the mode it
 * had when it had to change it, else null.
 */
export function tightenFileSync(path: string): number | null {
  if (!POSIX) return null
  let mode: number
  try {
    const stat = lstatSync(path)
    if (!stat.isFile()) return null
    mode = stat.mode
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  if ((mode & OTHERS) === 0) return null
  chmodSync(path, privateFileMode(mode))
  return mode & 0o777
}

/**
 * Creates a folder 0700, or makes an existing one 0700. Returns the mode it had when it had to
 * change it (so the caller can say so), else null. Refuses a path that is not a folder.
 */
export function securePrivateDirSync(path: string): number | null {
  let mode: number | undefined
  try {
    // stat, not lstat: a data dir may be a link to a folder elsewhere, and that folder is made private.
    const stat = statSync(path)
    if (!stat.isDirectory()) throw new Error(`${path} is not a folder`)
    mode = stat.mode & 0o777
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  if (mode === undefined) {
    makePrivateDirSync(path)
    // The umask may have taken bits from the mode mkdir was given; none are added, but be exact.
    if (POSIX) chmodSync(path, PRIVATE_DIR_MODE)
    return null
  }
  if (!POSIX || mode === PRIVATE_DIR_MODE) return null
  chmodSync(path, PRIVATE_DIR_MODE)
  return mode
}

/**
 * Makes every folder under root (root included) 0700 and every file 0600 (0700 when its owner may
 * run it), and returns how many it changed. Symbolic links are neither followed nor changed;
 * other kinds of entry (sockets, FIFOs) are left alone. What a robot wrote is made private this
 * way when its step ends: robots keep the user's umask for the files they write elsewhere.
 * (A robot still running could swap a file for a link between lstat and chmod; it runs as the same
 * user, so it could chmod that file itself: nothing is gained.)
 */
export async function tightenTree(root: string): Promise<number> {
  if (!POSIX) return 0
  let changed = 0
  const visit = async (path: string): Promise<void> => {
    let stat: Awaited<ReturnType<typeof lstat>>
    try {
      stat = await lstat(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    if (stat.isDirectory()) {
      if ((stat.mode & 0o777) !== PRIVATE_DIR_MODE) {
        await chmod(path, PRIVATE_DIR_MODE)
        changed += 1
      }
      for (const name of await readdir(path)) await visit(join(path, name))
    } else if (stat.isFile() && (stat.mode & OTHERS) !== 0) {
      await chmod(path, privateFileMode(stat.mode))
      changed += 1
    }
  }
  await visit(root)
  return changed
}

/** Whether this platform's file modes are what keeps run data private (false on Windows: ACLs do). */
export const MODES_PROTECT_FILES = POSIX
