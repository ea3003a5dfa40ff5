/**
 * Importing a local robot through the management API: an absolute path to a robot folder (copied,
 * then checked) or to a robot zip (checked and unpacked as a task package upload is: robots.ts's
 * prepareZip). Either way the content is checked in a temporary folder before the robot exists, so
 * a refused import leaves no row and no folder behind.
 */
import { cp, lstat, rm } from 'node:fs/promises'
import { basename, extname, isAbsolute } from 'node:path'
import { tightenTree } from '../../platform/private-fs'
import { apiError, invalidRequest } from '../http/errors'
import { deleteRobotRow, insertRobot, type RobotRow, setRobotContent } from './robot-store'
import { validateRobotFolder } from './robot-validate'
import { ZIP_LIMITS } from './robot-zip'
import {
  asBadRequest,
  type PreparedRobot,
  prepareZip,
  type RobotStore,
  swapIntoPlace,
  tempFolder,
} from './robots'

/** Folders never copied from an imported robot (version control, not part of the robot). */
const SKIPPED = new Set(['.git', '.hg', '.svn'])

export interface ImportInput {
  workspaceId: string
  /** Absolute path of a robot folder or a robot zip. */
  path: string
  /** Default: the folder's name, or the zip's without `.zip`. */
  name?: string | undefined
}

/** Imports a local robot folder or zip as a robot of the workspace ('folder' or 'package'). */
export async function importRobot(store: RobotStore, input: ImportInput): Promise<RobotRow> {
  if (!isAbsolute(input.path))
    throw invalidRequest('Invalid request body field "path": must be an absolute path')
  // lstat: a symbolic link is neither, as inside a robot.
  const stat = await lstat(input.path).catch(() => undefined)
  if (stat?.isDirectory()) return importRobotFolder(store, input)
  if (stat?.isFile()) {
    const file = basename(input.path)
    const name = input.name ?? (basename(file, extname(file)) || file)
    return addRobot(store, input.workspaceId, name, 'package', await prepareZip(store, input.path))
  }
  throw invalidRequest(`Invalid request body field "path": not a folder or a zip file: ${input.path}`)
}

/** Copies and checks a local robot folder. */
async function importRobotFolder(store: RobotStore, input: ImportInput): Promise<RobotRow> {
  try {
    await validateRobotFolder(input.path)
  } catch (error) {
    asBadRequest(error)
  }
  const temp = await tempFolder(store.dataDir, 'import')
  let size = 0
  let entries = 0
  const tooBig = () =>
    apiError(
      400,
      'invalid_request',
      `Invalid robot package: the folder holds more than ${ZIP_LIMITS.uncompressedBytes} bytes or ${ZIP_LIMITS.entries} files`,
    )
  try {
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
    const tasks = await validateRobotFolder(temp).catch(asBadRequest)
    const name = input.name ?? basename(input.path)
    return await addRobot(store, input.workspaceId, name, 'folder', { temp, tasks, size, sha256: null })
  } finally {
    await rm(temp, { recursive: true, force: true })
  }
}

/** Registers checked content as a new robot: its row, its folder moved into place, its tasks. */
async function addRobot(
  store: RobotStore,
  workspaceId: string,
  name: string,
  source: 'folder' | 'package',
  prepared: PreparedRobot,
): Promise<RobotRow> {
  const { temp, tasks, size, sha256 } = prepared
  try {
    const robot = insertRobot(store.db, { workspaceId, name, source })
    try {
      await swapIntoPlace(store.dataDir, temp, robot.id)
    } catch (error) {
      deleteRobotRow(store.db, robot.id)
      throw error
    }
    setRobotContent(store.db, robot.id, { tasks, size, sha256 })
    return { ...robot, has_content: 1, tasks: JSON.stringify(tasks), size, sha256 }
  } finally {
    await rm(temp, { recursive: true, force: true })
  }
}
