/**
 * Robot storage: where each robot's folder is, putting a task package's zip or an imported local
 * folder into <data>/robots/<id>/ after checking it, zipping a robot for download, and removing it.
 * New content is prepared in a temporary folder beside the final one and renamed into place, so a
 * step that starts meanwhile sees either the old robot or the new one, never half of one.
 */
import { createHash, randomBytes } from 'node:crypto'
import { cp, lstat, readdir, rename, rm } from 'node:fs/promises'
import { basename, isAbsolute, join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { makePrivateDir, tightenTree } from '../../platform/private-fs'
import { apiError, invalidRequest } from '../http/errors'
import {
  deleteRobotRow,
  getRobot,
  insertRobot,
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
function asBadRequest(error: unknown): never {
  if (error instanceof ZipError || error instanceof RobotConfigError)
    throw apiError(400, 'invalid_request', `Invalid robot package: ${error.message}`)
  throw error
}

// Swaps of one robot's folder run one at a time (two uploads racing would trip over each other's
// renames). Keyed by the folder's full path, so rooms with different data dirs never share a key.
const swaps = new Map<string, Promise<void>>()

/** Moves a prepared folder into the robot's place, replacing its previous content. */
async function swapIntoPlace(root: string, prepared: string, id: string): Promise<void> {
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
async function tempFolder(dataDir: string, kind: string): Promise<string> {
  const root = robotsRoot(dataDir)
  await makePrivateDir(root)
  return join(root, `.${kind}-${randomBytes(8).toString('hex')}`)
}

/** Checks a task package zip and makes it the robot's content; a bad package is a 400 saying what is wrong. */
export async function installPackageZip(
  store: RobotStore,
  robot: RobotRow,
  data: Uint8Array,
): Promise<RobotRow> {
  const temp = await tempFolder(store.dataDir, 'incoming')
  try {
    let size: number
    let tasks: RobotTaskInfo[]
    try {
      size = await extractRobotZip(data, temp)
      tasks = await validateRobotFolder(temp)
    } catch (error) {
      asBadRequest(error)
    }
    await swapIntoPlace(robotsRoot(store.dataDir), temp, robot.id)
    if (!getRobot(store.db, null, robot.id)) {
      // Deleted while its zip was being checked: its folder must not outlive it.
      await rm(join(robotsRoot(store.dataDir), robot.id), { recursive: true, force: true })
      throw apiError(404, 'not_found', 'The task package was deleted during the upload')
    }
    const sha256 = createHash('sha256').update(data).digest('hex')
    setRobotContent(store.db, robot.id, { tasks, size, sha256 })
    return { ...robot, has_content: 1, tasks: JSON.stringify(tasks), size, sha256 }
  } finally {
    await rm(temp, { recursive: true, force: true })
  }
}

/** Folders never copied from an imported robot (version control, not part of the robot). */
const SKIPPED = new Set(['.git', '.hg', '.svn'])

/** Copies and checks a local robot folder and registers it as a robot of the workspace. */
export async function importRobotFolder(
  store: RobotStore,
  input: { workspaceId: string; path: string; name?: string },
): Promise<RobotRow> {
  if (!isAbsolute(input.path))
    throw invalidRequest('Invalid request body field "path": must be an absolute path')
  const stat = await lstat(input.path).catch(() => undefined)
  if (!stat?.isDirectory())
    throw invalidRequest(`Invalid request body field "path": not a folder: ${input.path}`)
  try {
    await validateRobotFolder(input.path)
  } catch (error) {
    asBadRequest(error)
  }
  const temp = await tempFolder(store.dataDir, 'import')
  try {
    let size = 0
    let entries = 0
    const tooBig = () =>
      apiError(
        400,
        'invalid_request',
        `Invalid robot package: the folder holds more than ${ZIP_LIMITS.uncompressedBytes} bytes or ${ZIP_LIMITS.entries} files`,
      )
    await cp(input.path, temp, {
      recursive: true,
      // Symbolic links are left out: a robot's content must be the robot's own files.
      filter: async (source) => {
        if (SKIPPED.has(basename(source)) && source !== input.path) return false
        const entry = await lstat(source)
        if (entry.isSymbolicLink()) return false
        size += entry.isFile() ? entry.size : 0
        entries += 1
        if (size > ZIP_LIMITS.uncompressedBytes || entries > ZIP_LIMITS.entries) throw tooBig()
        return entry.isFile() || entry.isDirectory()
      },
    })
    // cp gives each copy its source's mode; the room's copy is the user's alone.
    await tightenTree(temp)
    let tasks: RobotTaskInfo[]
    try {
      tasks = await validateRobotFolder(temp)
    } catch (error) {
      asBadRequest(error)
    }
    const name = input.name ?? basename(input.path)
    const robot = insertRobot(store.db, { workspaceId: input.workspaceId, name, source: 'folder' })
    try {
      await swapIntoPlace(robotsRoot(store.dataDir), temp, robot.id)
    } catch (error) {
      deleteRobotRow(store.db, robot.id)
      throw error
    }
    setRobotContent(store.db, robot.id, { tasks, size, sha256: null })
    return { ...robot, has_content: 1, tasks: JSON.stringify(tasks), size }
  } finally {
    await rm(temp, { recursive: true, force: true })
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
