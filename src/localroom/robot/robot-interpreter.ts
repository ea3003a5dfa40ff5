/**
 * How a step's robot gets its environment. With `rcc` on the robot's PATH the step runs through
 * `rcc task run`, which builds the robot's conda.yaml / package.yaml environment as Control Room's
 * workers do. Without it the robot's own command runs on the machine's tools: the room's
 * `--robot-python` (its folder first on PATH) or whatever `python` the PATH has, and the step's
 * console says so at its start, so a ModuleNotFoundError has its explanation next to it.
 */
import { accessSync, constants, existsSync } from 'node:fs'
import { delimiter, dirname, isAbsolute, join } from 'node:path'
import type { RobotTask } from './robot-yaml'

/** The environment files Control Room builds a robot's environment from. */
const ENVIRONMENT_FILES = ['conda.yaml', 'package.yaml'] as const

/** How one step run is launched. */
export interface RobotLaunchPlan {
  argv: string[]
  /** Folders to put first on the robot's PATH (the room's Python), before robot.yaml's own. */
  pathEntries: string[]
  /** The system line the step's console starts with. */
  note: string
}

/** The first executable `name` on a PATH value (with Windows' extensions where they apply). */
export function findOnPath(name: string, pathValue: string | undefined): string | null {
  const extensions = process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : ['']
  for (const folder of (pathValue ?? '').split(delimiter)) {
    if (!folder || !isAbsolute(folder)) continue
    for (const extension of extensions) {
      const candidate = join(folder, name + extension)
      try {
        accessSync(candidate, constants.X_OK)
        return candidate
      } catch {
        // not here
      }
    }
  }
  return null
}

/**
 * Plans a step: `rcc task run` when rcc is on `pathValue`, else the task's command with the room's
 * Python first on PATH. `copyRoot` is the robot's working copy (where its robot.yaml is).
 */
export function planRobotLaunch(
  task: RobotTask,
  copyRoot: string,
  pathValue: string | undefined,
  robotPython: string | undefined,
): RobotLaunchPlan {
  const present = ENVIRONMENT_FILES.filter((file) => existsSync(join(task.root, file)))
  const rcc = findOnPath('rcc', pathValue)
  if (rcc) {
    return {
      argv: [rcc, 'task', 'run', '--robot', join(copyRoot, 'robot.yaml'), '--task', task.taskName],
      pathEntries: [],
      note: `Running through rcc (${rcc}), which builds the robot's environment${present.length > 0 ? ` from ${present.join(' and ')}` : ''}`,
    }
  }
  const pathEntries = robotPython ? [dirname(robotPython)] : []
  const searched = [...pathEntries, ...(pathValue ? [pathValue] : [])].join(delimiter)
  const python = robotPython ?? findOnPath('python', searched) ?? findOnPath('python3', searched)
  const interpreter = python
    ? `${python}${robotPython ? ' (the room option --robot-python)' : " (the first on the room's PATH)"}`
    : 'no Python found on PATH'
  const unused =
    present.length > 0
      ? `${present.join(' and ')} ${present.length === 1 ? 'was' : 'were'} not used, no environment was built`
      : 'no environment is built (the robot has no conda.yaml or package.yaml)'
  return { argv: task.argv, pathEntries, note: `rcc is not on PATH: ${unused}; Python: ${interpreter}` }
}
