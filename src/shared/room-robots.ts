/**
 * The local Control Room's robots as the window sees them (issue 11 §6), and what creating a
 * process sends. `ManagedRobot` is the room's own answer: routes/management/robots.ts declares its
 * routes with it and the core's robots section (main/core/room-robots.ts) reads them with it.
 */
import { z } from 'zod'

/** The three kinds of robot: a sample shipped with the app, a zip (uploaded or imported), a copied folder. */
export const RobotSource = z.enum(['bundled', 'package', 'folder'])
export type RobotSource = z.infer<typeof RobotSource>

export const RobotTask = z.object({
  name: z.string(),
  runnable: z.boolean().describe('false for a task the room cannot run (robotTaskName)'),
  problem: z.string().optional().describe('why the task cannot run'),
})
export type RobotTask = z.infer<typeof RobotTask>

/** A robot as the room's management API answers it. */
export const ManagedRobot = z.object({
  id: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  source: RobotSource,
  folder: z.string().nullable().describe('bundled robots: the folder name under the robots dir'),
  has_content: z.boolean().describe('false for a task package whose zip has not been uploaded'),
  tasks: z.array(RobotTask),
  problem: z.string().nullable().describe('why the tasks cannot be read (e.g. a missing bundled folder)'),
  size: z.number().int().nullable().describe('bytes of the robot files'),
  sha256: z.string().nullable().describe('sha256 (hex) of the uploaded package zip'),
  used_by: z.array(z.string()).describe('names of the processes with a step on this robot'),
  created_at: z.string().describe('ISO-8601 date-time, UTC'),
  updated_at: z.string().describe('ISO-8601 date-time, UTC'),
})
export type ManagedRobot = z.infer<typeof ManagedRobot>

/** A robot of the room in the window: what the Robots section lists and a new step chooses from. */
export const RoomRobot = z.object({
  id: z.string(),
  name: z.string(),
  source: RobotSource,
  tasks: z.array(RobotTask),
  /** Why the robot's tasks cannot be read (a missing bundled folder, a package never uploaded). */
  problem: z.string().nullable(),
  /** Bytes of its files; null for a bundled sample. */
  size: z.number().int().nullable(),
  /** Names of the processes with a step on it: the room refuses to delete it while there are any. */
  usedBy: z.array(z.string()),
  createdAt: z.string(),
})
export type RoomRobot = z.infer<typeof RoomRobot>

/** The tasks of a robot a process step may run. */
export const runnableTasks = (robot: RoomRobot): RobotTask[] =>
  robot.problem === null ? robot.tasks.filter((task) => task.runnable) : []

/** An imported robot's name, as the room takes it (default: the folder's or the zip's). */
export const RoomRobotName = z.string().trim().min(1).max(255)
/** A new process's name, as the room takes it. */
export const RoomProcessName = z.string().trim().min(1).max(255)
/** Most steps a process may have (routes/management/processes.ts). */
export const MAX_PROCESS_STEPS = 50

/** One step of a new process: a robot and one of its tasks; its settings are the room's defaults. */
export const NewRoomStep = z
  .object({ robotId: z.string().min(1).max(200), task: z.string().min(1).max(255) })
  .strict()
export type NewRoomStep = z.infer<typeof NewRoomStep>

/** What choosing a path asks for: a robot folder or a robot zip. */
export const PathKind = z.enum(['folder', 'zip'])
export type PathKind = z.infer<typeof PathKind>
