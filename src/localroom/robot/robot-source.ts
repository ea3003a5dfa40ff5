/**
 * Where a step's robot lives on disk. Steps name a robot by reference; this is the one place that
 * turns the reference into a folder with a robot.yaml (bundled sample robots, imported folders and
 * uploaded task packages all end up as a folder).
 */
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { getRobot } from './robot-store'
import { robotDir } from './robots'

export interface RobotSourceOptions {
  db: DatabaseSync
  dataDir: string
  /** The bundled sample robots (resources/robots). */
  robotsDir: string
}

/** A bundled robot's folder name: one plain name, never a path. */
const FOLDER_NAME = /^[^/\\]+$/

/**
 * The folder of the robot a step refers to. A reference is a robot id (schema 6 on); a reference
 * that is no robot's id is read as the name of a folder of the robots dir, as steps stored them
 * before (data written by older builds or tools that insert steps directly keep working).
 */
export async function resolveRobotFolder(options: RobotSourceOptions, robotRef: string): Promise<string> {
  const robot = getRobot(options.db, null, robotRef)
  if (robot) return robotDir(options, robot)
  if (!FOLDER_NAME.test(robotRef) || robotRef === '.' || robotRef === '..')
    throw new Error(`unknown robot ${robotRef.slice(0, 100)}`)
  return join(options.robotsDir, robotRef)
}

/** What to call the robot a step refers to in console lines: its name, or the reference itself. */
export function describeRobotRef(db: DatabaseSync, robotRef: string): string {
  return getRobot(db, null, robotRef)?.name ?? robotRef
}
