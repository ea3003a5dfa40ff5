/**
 * Reads a robot's robot.yaml (Robocorp format). The subset the local room understands: `tasks` with
 * `shell` or `command`, `artifactsDir`, `PATH`, `PYTHONPATH`, `env` and `ignoreFiles`; other keys (conda, environmentConfigs, ...) are
 * ignored because robots run on the machine's own tools.
 */
import { readFile } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { splitShellWords } from './shell-words'

/** A robot.yaml problem, worded for the step run's console. */
export class RobotConfigError extends Error {
  override name = 'RobotConfigError'
}

const TaskSchema = z.object({
  shell: z.string().trim().min(1).optional(),
  command: z.array(z.string()).min(1).optional(),
  robotTaskName: z.string().optional(),
})

const RobotYamlSchema = z.object({
  tasks: z.record(z.string(), TaskSchema),
  artifactsDir: z.string().min(1).default('output'),
  PATH: z.array(z.string()).optional(),
  PYTHONPATH: z.array(z.string()).optional(),
  ignoreFiles: z.array(z.string()).optional(),
  // Values are strings in Robocorp's format; numbers and booleans are accepted and stringified.
  env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
})

/**
 * Parses robot.yaml's text, or throws RobotConfigError with the parser's first line. The parser
 * recurses per nesting level, so a file nested thousands deep overflows the stack: that is said as
 * what it is rather than as the engine's "Maximum call stack size exceeded".
 */
export function parseRobotYaml(text: string): unknown {
  try {
    return parse(text)
  } catch (error) {
    const message = (error as Error).message
    if (error instanceof RangeError || message.includes('Maximum call stack size exceeded'))
      throw new RobotConfigError('robot.yaml is nested too deeply to read')
    throw new RobotConfigError(`robot.yaml is not valid YAML: ${message.split('\n', 1)[0]}`)
  }
}

/** One task of a robot, ready to run. */
export interface RobotTask {
  /** The robot's folder (where robot.yaml is). */
  root: string
  taskName: string
  argv: string[]
  /** Absolute artifacts dir inside root. */
  artifactsDir: string
  /** Absolute folders to put first on PATH (robot.yaml `PATH`). */
  pathEntries: string[]
  /** Absolute folders for PYTHONPATH (robot.yaml `PYTHONPATH`). */
  pythonPathEntries: string[]
  /** Absolute files of gitignore-style patterns: what is not copied into a step's working copy. */
  ignoreFiles: string[]
  /** robot.yaml `env`: extra variables for the robot. */
  env: Record<string, string>
}

/** Loads robot.yaml from a robot folder and picks a task (null: the robot's only task). */
export async function loadRobotTask(root: string, taskName: string | null): Promise<RobotTask> {
  const file = join(root, 'robot.yaml')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw new RobotConfigError(`robot.yaml not found in ${root}`)
  }
  const parsed = RobotYamlSchema.safeParse(parseRobotYaml(text))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new RobotConfigError(
      `robot.yaml: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    )
  }
  const config = parsed.data
  const names = Object.keys(config.tasks)
  const name = taskName ?? (names.length === 1 ? names[0] : undefined)
  const task = name === undefined ? undefined : config.tasks[name]
  if (name === undefined || !task) {
    const wanted = taskName === null ? 'a single task' : `the task "${taskName}"`
    throw new RobotConfigError(`robot.yaml does not have ${wanted} (tasks: ${names.join(', ') || 'none'})`)
  }
  let argv: string[]
  if (task.command) argv = task.command
  else if (task.shell) {
    try {
      argv = splitShellWords(task.shell)
    } catch (error) {
      throw new RobotConfigError(`robot.yaml: tasks.${name}.shell: ${(error as Error).message}`)
    }
  } else if (task.robotTaskName) {
    throw new RobotConfigError(
      `robot.yaml: task "${name}" uses robotTaskName, which the local Control Room does not run; use shell or command`,
    )
  } else {
    throw new RobotConfigError(`robot.yaml: task "${name}" has neither shell nor command`)
  }
  if (argv.length === 0) throw new RobotConfigError(`robot.yaml: task "${name}" has an empty command`)
  return {
    root,
    taskName: name,
    argv,
    artifactsDir: inside(root, config.artifactsDir, 'artifactsDir'),
    pathEntries: (config.PATH ?? []).map((entry) => inside(root, entry, 'PATH')),
    pythonPathEntries: (config.PYTHONPATH ?? []).map((entry) => inside(root, entry, 'PYTHONPATH')),
    ignoreFiles: (config.ignoreFiles ?? []).map((entry) => inside(root, entry, 'ignoreFiles')),
    env: Object.fromEntries(Object.entries(config.env ?? {}).map(([k, v]) => [k, String(v)])),
  }
}

/** Resolves a robot-relative path, refusing one that leaves the robot folder. */
function inside(root: string, path: string, key: string): string {
  const resolved = resolve(root, path)
  const rel = relative(root, resolved)
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new RobotConfigError(`robot.yaml: ${key} must stay inside the robot folder: ${path}`)
  }
  return resolved
}
