/**
 * Checks a robot folder before the room accepts it (task package upload, folder import): robot.yaml
 * must parse, declare at least one task, and every task must be runnable by the room (shell or
 * command) or be a Robot Framework task (`robotTaskName`), which is listed but marked not runnable.
 * The per-task checks are robot-yaml.ts's own (loadRobotTask), so what is accepted here is what the
 * runner can run.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RobotTaskInfo } from './robot-store'
import { loadRobotTask, parseRobotYaml, RobotConfigError } from './robot-yaml'

/** Why a task with only `robotTaskName` is listed but cannot be a process step. */
export const ROBOT_TASK_NAME_PROBLEM =
  'uses robotTaskName (Robot Framework through rcc), which the local Control Room does not run; use shell or command'

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Reads and checks a robot folder's robot.yaml; returns its tasks or throws RobotConfigError saying what is wrong. */
export async function validateRobotFolder(root: string): Promise<RobotTaskInfo[]> {
  let text: string
  try {
    text = await readFile(join(root, 'robot.yaml'), 'utf8')
  } catch {
    throw new RobotConfigError('The robot has no robot.yaml at its root')
  }
  const doc = parseRobotYaml(text)
  if (!isRecord(doc)) throw new RobotConfigError('robot.yaml must be a mapping with a "tasks" key')
  if (!isRecord(doc.tasks) || Object.keys(doc.tasks).length === 0)
    throw new RobotConfigError('robot.yaml declares no tasks (a "tasks" mapping with at least one task)')
  const tasks: RobotTaskInfo[] = []
  for (const [name, task] of Object.entries(doc.tasks)) {
    if (!isRecord(task)) throw new RobotConfigError(`robot.yaml: task "${name}" must be a mapping`)
    const runnable = task.shell !== undefined || task.command !== undefined
    if (!runnable && typeof task.robotTaskName === 'string') {
      tasks.push({ name, runnable: false, problem: ROBOT_TASK_NAME_PROBLEM })
      continue
    }
    if (!runnable) throw new RobotConfigError(`robot.yaml: task "${name}" has neither shell nor command`)
    // Throws with robot-yaml.ts's own wording (bad shell quoting, artifactsDir escaping the folder...).
    await loadRobotTask(root, name)
    tasks.push({ name, runnable: true })
  }
  return tasks
}

/** A task of a robot that a process step may use, or a message saying why not. */
export function checkStepTask(
  tasks: readonly RobotTaskInfo[],
  task: string | undefined,
): { task: string } | { problem: string } {
  const names = tasks.map((t) => t.name)
  if (task === undefined) {
    const only = tasks.length === 1 ? tasks[0] : undefined
    if (!only) return { problem: `name a task (the robot has: ${names.join(', ') || 'none'})` }
    task = only.name
  }
  const found = tasks.find((t) => t.name === task)
  if (!found) return { problem: `the robot has no task "${task}" (tasks: ${names.join(', ') || 'none'})` }
  if (!found.runnable) return { problem: `task "${task}" ${found.problem ?? 'cannot run'}` }
  return { task }
}
