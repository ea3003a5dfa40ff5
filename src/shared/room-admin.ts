/**
 * The local Control Room's process editor as the window sees it: processes with their steps and
 * each step's settings, and the limits of those settings. The room applies the limits (its
 * management API, routes/management/step-settings.ts); the window checks the same ones as you type.
 */
import { z } from 'zod'

/** Most step runs of one step at once, and most variables a step may set. */
export const MAX_PARALLEL_EXECUTIONS = 20
export const MAX_STEP_VARIABLES = 100
/** A variable name: letters, digits and _, not starting with a digit (at most 128 characters). */
export const STEP_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/
export const STEP_VARIABLE_NAME_RULE = 'a variable name: letters, digits and _, not starting with a digit'
/** Variables the room sets itself: a step cannot override how its robot reaches its items. */
export const RESERVED_STEP_VARIABLE = /^(RC_|ROBOT_ROOT$|ROBOT_ARTIFACTS$)/i
export const RESERVED_STEP_VARIABLE_RULE = 'RC_*, ROBOT_ROOT and ROBOT_ARTIFACTS are set by the room'
export const MAX_STEP_VARIABLE_VALUE = 32_768

/** Why a step variable's name is refused, or undefined when it is a good one. */
export function stepVariableProblem(name: string): string | undefined {
  if (!STEP_VARIABLE_NAME.test(name)) return STEP_VARIABLE_NAME_RULE
  if (RESERVED_STEP_VARIABLE.test(name)) return RESERVED_STEP_VARIABLE_RULE
  return undefined
}

/**
 * A step as the room's management API answers it (routes/management/processes.ts declares its
 * routes with it, and the core's process editor reads them with it: main/core/room-admin.ts).
 */
export const ManagedStep = z.object({
  id: z.string(),
  name: z.string(),
  robot_id: z.string(),
  robot_name: z.string().nullable(),
  task: z.string().nullable(),
  wait_for_previous: z.boolean(),
  parallel_executions: z.number().int(),
  env: z.record(z.string(), z.string()),
  work_item_adapter: z.enum(['api', 'file']),
})
export type ManagedStep = z.infer<typeof ManagedStep>

/** The settings of one step that the window edits. */
export const StepSettings = z
  .object({
    /** Start once the previous step has ended (the first step always does). */
    waitForPrevious: z.boolean(),
    /** How many step runs of this step may run at once in one process run. */
    parallelExecutions: z.number().int(),
    /** Extra environment variables for the step's robot, in the order given. */
    env: z.record(z.string().max(200), z.string().max(MAX_STEP_VARIABLE_VALUE)),
  })
  .strict()
export type StepSettings = z.infer<typeof StepSettings>

export const RoomStep = StepSettings.extend({
  id: z.string(),
  name: z.string(),
  /** The robot's name; null when the robot is gone from the room. */
  robotName: z.string().nullable(),
  task: z.string().nullable(),
})
export type RoomStep = z.infer<typeof RoomStep>

export const RoomProcess = z.object({
  id: z.string(),
  name: z.string(),
  steps: z.array(RoomStep),
  updatedAt: z.string(),
})
export type RoomProcess = z.infer<typeof RoomProcess>
