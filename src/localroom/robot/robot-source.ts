/**
 * Where a step's robot lives on disk. Steps name a robot by reference; this is the one place that
 * turns the reference into a folder with a robot.yaml (bundled sample robots, imported folders and
 * uploaded task packages all end up as a folder).
 */
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'

export interface RobotSourceOptions {
  db: DatabaseSync
  dataDir: string
  /** The bundled sample robots (resources/robots). */
  robotsDir: string
}

/** The folder of the robot a step refers to (filled in by the work on issue 4: now a bundled folder name). */
export async function resolveRobotFolder(options: RobotSourceOptions, robotRef: string): Promise<string> {
  return join(options.robotsDir, robotRef)
}
