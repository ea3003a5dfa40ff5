/**
 * The flags that shape the room itself rather than where it listens: robots, workers, the robots'
 * Python, and the two deliberate departures from Control Room's defaults. The room's own command
 * line and web mode (which runs a room in its process) both take them, from this one definition.
 */
import { resolve } from 'node:path'
import type { LocalRoomOptions } from '../server'

/** The flags in node:util parseArgs form, to spread into a command line's own. */
export const ROOM_FLAGS = {
  robots: { type: 'string' },
  workers: { type: 'string' },
  'robot-python': { type: 'string' },
  'strict-delete-permission': { type: 'boolean', default: false },
  'allow-link-local-webhooks': { type: 'boolean', default: false },
} as const

/** Their lines of a usage text. */
export const ROOM_FLAGS_USAGE = `  --robots DIR        folder of robots (default: the app's resources/robots)
  --workers N         how many robots run at once (default 2)
  --robot-python PATH a Python executable for robots when rcc is not on PATH (its folder goes
                      first on the robot's PATH); also ROBODECK_ROBOT_PYTHON
  --strict-delete-permission
                      deleting a process run also needs Processes.write_work_items (the
                      official spec asks only Processes.read_runs)
  --allow-link-local-webhooks
                      accept and send webhooks to link-local (169.254.0.0/16, fe80::/10) and
                      cloud metadata addresses, refused by default`

/** What the flags set of the room's options. */
export type RoomFlagOptions = Required<
  Pick<LocalRoomOptions, 'strictDeletePermission' | 'allowLinkLocalWebhooks'>
> &
  Pick<LocalRoomOptions, 'robotsDir' | 'workers' | 'robotPython'>

/** The parsed values of ROOM_FLAGS. */
export interface RoomFlagValues {
  robots?: string
  workers?: string
  'robot-python'?: string
  'strict-delete-permission'?: boolean
  'allow-link-local-webhooks'?: boolean
}

/** Checks the flags' values, throwing an Error whose message names the flag; paths resolve against cwd. */
export function roomOptionsFromFlags(
  values: RoomFlagValues,
  cwd: string,
  env: NodeJS.ProcessEnv,
): RoomFlagOptions {
  if (values.workers !== undefined && !/^\d{1,3}$/.test(values.workers)) {
    throw new Error(`--workers must be a number from 1 to 999, got ${JSON.stringify(values.workers)}`)
  }
  if (values.workers !== undefined && Number(values.workers) < 1) {
    throw new Error('--workers must be at least 1')
  }
  if (values.robots === '') throw new Error('--robots must not be empty')
  const robotPython = values['robot-python'] ?? (env.ROBODECK_ROBOT_PYTHON || undefined)
  if (robotPython === '') throw new Error('--robot-python must not be empty')
  return {
    robotsDir: values.robots === undefined ? undefined : resolve(cwd, values.robots),
    workers: values.workers === undefined ? undefined : Number(values.workers),
    robotPython: robotPython === undefined ? undefined : resolve(cwd, robotPython),
    strictDeletePermission: values['strict-delete-permission'] ?? false,
    allowLinkLocalWebhooks: values['allow-link-local-webhooks'] ?? false,
  }
}
