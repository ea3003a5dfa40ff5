/**
 * Robot storage: where each robot's folder is, unpacking and checking a robot zip (a task package's
 * upload, an imported zip: the one place zips become robot folders, through robot-zip.ts), putting
 * content into <data>/robots/<id>/, zipping a robot for download, and removing it. New content is
 * prepared in a temporary folder beside the final one and renamed into place, so a step that starts
 * meanwhile sees either the old robot or the new one, never half of one. Imports of local folders
 * and zips are robot-import.ts.
 */
import { createHash, randomBytes } from 'node:crypto'
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { makePrivateDir } from '../../platform/private-fs'
import { apiError } from '../http/errors'
import {
  deleteRobotRow,
  getRobot,
  processesUsingRobot,
  type RobotRow,
  type RobotTaskInfo,
  setRobotContent,
  storedTasks,
} from './robot-store'
import { validateRobotFolder } from './robot-validate'
import { RobotConfigError } from './robot-yaml'
import { extractRobotZip, ZIP_LIMITS, ZipError, zipRobotFolder } from './robot-zip'

export interface RobotStore {
  db: DatabaseSync
  dataDir: string
  /** The bundled sample robots (resources/robots). */
  robotsDir: string
}

/** Where uploaded and imported robots live. */
export function robotsRoot(dataDir: string): string {
  return join(dataDir, 'robots')
}

/** The folder a robot's robot.yaml is in. */
export function robotDir(store: Pick<RobotStore, 'dataDir' | 'robotsDir'>, robot: RobotRow): string {
  if (robot.source === 'bundled' && robot.folder !== null) return join(store.robotsDir, robot.folder)
  return join(robotsRoot(store.dataDir), robot.id)
}

/** A robot's tasks and, when they cannot be read, why (bundled robots are read live from their folder). */
export async function robotTasks(
  store: Pick<RobotStore, 'dataDir' | 'robotsDir'>,
  robot: RobotRow,
): Promise<{ tasks: RobotTaskInfo[]; problem: string | null }> {
  if (robot.source !== 'bundled') {
    const problem = robot.has_content ? null : 'The task package has no content yet: upload its zip'
    return { tasks: storedTasks(robot), problem }
  }
  try {
    return { tasks: await validateRobotFolder(robotDir(store, robot)), problem: null }
  } catch (error) {
    return { tasks: [], problem: (error as Error).message }
  }
}

/** Turns a package or folder problem into the 400 the API answers; rethrows anything else. */
export function asBadRequest(error: unknown): never {
  if (error instanceof ZipError || error instanceof RobotConfigError)
    throw apiError(400, 'invalid_request', `Invalid robot package: ${error.message}`)
  throw error
}

// Swaps of one robot's folder run one at a time (two uploads racing would trip over each other's
// renames). Keyed by the folder's full path, so rooms with different data dirs never share a key.
const swaps = new Map<string, Promise<void>>()

/** Moves a prepared folder into the robot's place, replacing its previous content. */
export async function swapIntoPlace(dataDir: string, prepared: string, id: string): Promise<void> {
  const root = robotsRoot(dataDir)
  const final = join(root, id)
  const previous = swaps.get(final) ?? Promise.resolve()
  const current = previous.then(() => swapNow(final, prepared, root, id))
  const settled = current.catch(() => {})
  swaps.set(final, settled)
  try {
    await current
  } finally {
    if (swaps.get(final) === settled) swaps.delete(final)
  }
}

async function swapNow(final: string, prepared: string, root: string, id: string): Promise<void> {
  const old = join(root, `.old-${id}-${randomBytes(4).toString('hex')}`)
  const hadOld = await rename(final, old).then(
    () => true,
    () => false,
  )
  await rename(prepared, final)
  if (hadOld) await rm(old, { recursive: true, force: true })
}

/** A fresh temporary folder name beside the robots (same file system, so rename is atomic). */
export async function tempFolder(dataDir: string, kind: string): Promise<string> {
  const root = robotsRoot(dataDir)
  await makePrivateDir(root)
  return join(root, `.${kind}-${randomBytes(8).toString('hex')}`)
}

/** Checked robot content in a temporary folder, ready to be moved into a robot's place. */
export interface PreparedRobot {
  temp: string
  tasks: RobotTaskInfo[]
  size: number
  /** sha256 (hex) of the zip it came from; null for a copied folder. */
  sha256: string | null
}

// One zip is unpacked at a time, whoever sends it (an API v1 upload, a management import): a zip
// is checked in memory (up to the package limit), so zips arriving together wait on disk rather
// than all being held at once.
let unpacking: Promise<unknown> = Promise.resolve()
function oneZipAtATime<T>(task: () => Promise<T>): Promise<T> {
  const next = unpacking.then(task, task)
  unpacking = next.catch(() => {})
  return next
}

/**
 * Reads a robot zip from disk, checks it (robot-zip.ts: entries, sizes; robot-validate.ts: its
 * robot.yaml) and unpacks it into a temporary folder, which the caller moves into place or removes.
 * A bad package is a 400 saying what is wrong, and leaves nothing behind.
 */
export async function prepareZip(
  store: Pick<RobotStore, 'dataDir'>,
  zipPath: string,
): Promise<PreparedRobot> {
  const temp = await tempFolder(store.dataDir, 'incoming')
  try {
    return await oneZipAtATime(async () => {
      if ((await stat(zipPath)).size > ZIP_LIMITS.compressedBytes)
        throw new ZipError(`The package is larger than ${ZIP_LIMITS.compressedBytes} bytes`)
      const data = await readFile(zipPath)
      const size = await extractRobotZip(data, temp)
      const tasks = await validateRobotFolder(temp)
      return { temp, tasks, size, sha256: createHash('sha256').update(data).digest('hex') }
    })
  } catch (error) {
    await rm(temp, { recursive: true, force: true })
    asBadRequest(error)
  }
}

/** Checks a task package's zip (a file on disk) and makes it the robot's content; a bad package is a 400. */
export async function installPackageZip(
  store: RobotStore,
  robot: RobotRow,
  zipPath: string,
): Promise<RobotRow> {
  const prepared = await prepareZip(store, zipPath)
  try {
    await swapIntoPlace(store.dataDir, prepared.temp, robot.id)
    if (!getRobot(store.db, null, robot.id)) {
      // Deleted while its zip was being checked: its folder must not outlive it.
      await rm(join(robotsRoot(store.dataDir), robot.id), { recursive: true, force: true })
      throw apiError(404, 'not_found', 'The task package was deleted during the upload')
    }
    const { tasks, size, sha256 } = prepared
    setRobotContent(store.db, robot.id, { tasks, size, sha256 })
    return { ...robot, has_content: 1, tasks: JSON.stringify(tasks), size, sha256 }
  } finally {
    await rm(prepared.temp, { recursive: true, force: true })
  }
}

/** A robot as a zip (for the download link); a 409 when it has no content yet. */
export async function robotZip(store: RobotStore, robot: RobotRow): Promise<Uint8Array> {
  if (!robot.has_content)
    throw apiError(409, 'conflict', 'The task package has no content yet: upload its zip first')
  try {
    return await zipRobotFolder(robotDir(store, robot))
  } catch (error) {
    if (error instanceof ZipError || (error as NodeJS.ErrnoException).code === 'ENOENT')
      throw apiError(409, 'conflict', `The robot's folder is missing: ${robot.name}`)
    throw error
  }
}

/** Deletes a robot and its folder (a bundled robot's folder is the app's and stays); 409 while a process uses it. */
export async function deleteRobot(store: RobotStore, robot: RobotRow): Promise<void> {
  const users = processesUsingRobot(store.db, robot.id)
  if (users.length > 0) {
    throw apiError(
      409,
      'conflict',
      `The robot is used by process${users.length === 1 ? '' : 'es'} ${users.map((n) => `"${n}"`).join(', ')}; remove those steps first`,
    )
  }
  deleteRobotRow(store.db, robot.id)
  if (robot.source !== 'bundled')
    await rm(join(robotsRoot(store.dataDir), robot.id), { recursive: true, force: true })
}

/** Removes temporary folders a crash left behind in <data>/robots (called at start). */
export async function cleanRobotTemp(dataDir: string): Promise<void> {
  const names = await readdir(robotsRoot(dataDir)).catch(() => [] as string[])
  for (const name of names) {
    if (name.startsWith('.')) await rm(join(robotsRoot(dataDir), name), { recursive: true, force: true })
  }
}
