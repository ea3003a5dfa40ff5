/**
 * Moving Robodeck's data to another folder, at a start before anything has opened it (the vault,
 * the settings, the local room's SQLite database are all closed files then, so a file copy is a
 * consistent copy). Nothing is lost at any step:
 *
 *   1. copy every entry into `<to>/.robodeck-incoming` (a staging folder inside the target, so the
 *      renames below stay on one file system);
 *   2. check the copy file by file (size and SHA-256, link targets) and mark it checked;
 *   3. rename each staged entry into place; the caller then points the app at `<to>`;
 *   4. only then take the old entries away (renamed into one folder, then deleted).
 *
 * A start interrupted in 1–2 throws the staging away and copies again; one interrupted in 3 finds
 * the mark and finishes the renames. Until the pointer names `<to>`, the old folder is complete.
 */
import { createHash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { cp, lstat, readdir, readlink, rename, rm } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { makePrivateDir, writePrivateFile } from '../../../platform/private-fs'
import { dataEntriesIn } from './data-entries'

const STAGING = '.robodeck-incoming'
const CHECKED_MARK = '.robodeck-incoming.checked'
const MOVED_AWAY = '.robodeck-moved-away'

/** What a tree holds, path by path: a file's size and hash, a link's target, or a folder. */
async function describeTree(root: string): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  const visit = async (path: string): Promise<void> => {
    const stat = await lstat(path)
    const key = relative(root, path)
    if (stat.isSymbolicLink()) found.set(key, `link ${await readlink(path)}`)
    else if (stat.isDirectory()) {
      found.set(key, 'folder')
      for (const name of await readdir(path)) await visit(join(path, name))
    } else if (stat.isFile()) found.set(key, `file ${stat.size} ${await sha256(path)}`)
  }
  await visit(root)
  return found
}

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')))
  })
}

/** Throws naming the first path whose copy differs from the original. */
async function checkCopy(original: string, copy: string): Promise<void> {
  const [want, got] = await Promise.all([describeTree(original), describeTree(copy)])
  for (const [path, what] of want)
    if (got.get(path) !== what) throw new Error(`the copy of ${join(original, path)} differs from it`)
  if (got.size !== want.size) throw new Error(`the copy of ${original} holds files the original does not`)
}

/** Whether a process with this pid is running (a room holding the old folder). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export interface MoveOptions {
  from: string
  to: string
  /** The pid holding the old folder's local room, if its holder file names one. */
  roomHolderPid?: number
}

/**
 * Steps 1–3: afterwards `to` holds a checked copy of every entry and `from` is untouched. Throws
 * (with `from` complete, `to` without a partial copy in place) when the move cannot be done.
 */
export async function copyDataAcross({ from, to, roomHolderPid }: MoveOptions): Promise<void> {
  const staging = join(to, STAGING)
  const mark = join(to, CHECKED_MARK)
  if (!existsSync(mark)) {
    if (!existsSync(from)) throw new Error(`${from} is not there`)
    await rm(staging, { recursive: true, force: true })
    if ((await dataEntriesIn(to)).length > 0)
      throw new Error(`${to} already holds Robodeck data; choose it again to use that data as it is`)
    if (roomHolderPid !== undefined && isRunning(roomHolderPid))
      throw new Error(`the local Control Room in ${from} is in use by process ${roomHolderPid}`)
    await makePrivateDir(staging)
    for (const entry of await dataEntriesIn(from)) {
      const source = join(from, entry)
      const target = join(staging, entry)
      await cp(source, target, {
        recursive: true,
        errorOnExist: true,
        force: false,
        preserveTimestamps: true,
        verbatimSymlinks: true,
      })
      await checkCopy(source, target)
    }
    await writePrivateFile(mark, new Date().toISOString())
  }
  // The copy is checked: put each entry in place (a start cut short here finishes the rest).
  if (existsSync(staging)) {
    for (const entry of await readdir(staging)) await rename(join(staging, entry), join(to, entry))
    await rm(staging, { recursive: true, force: true })
  }
}

/** True when a move to `to` got past its check: the next start must finish it, not start over. */
export const moveIsChecked = (to: string): boolean => existsSync(join(to, CHECKED_MARK))

/** Ends a move once the app points at `to`: forgets the mark. */
export async function forgetMoveMark(to: string): Promise<void> {
  await rm(join(to, CHECKED_MARK), { force: true })
}

/**
 * Step 4: takes Robodeck's entries out of the old folder (renamed together first, so what a cut
 * short delete leaves is never read as data). Returns the error instead of throwing: the data is
 * safe in its new place, this only frees space.
 */
export async function removeOldData(from: string): Promise<Error | undefined> {
  const away = join(from, MOVED_AWAY)
  try {
    await makePrivateDir(away)
    for (const entry of await dataEntriesIn(from)) await rename(join(from, entry), join(away, entry))
    await rm(away, { recursive: true, force: true })
    return undefined
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error))
  }
}

/** Deletes what a start cut short while removing old data left behind in a folder. */
export async function sweepMovedAway(folder: string): Promise<void> {
  await rm(join(folder, MOVED_AWAY), { recursive: true, force: true })
}
