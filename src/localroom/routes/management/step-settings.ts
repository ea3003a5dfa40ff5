/**
 * A managed step's settings, as Control Room's process editor has them: the request fields with
 * their limits, what an absent field means, and how a stored step shows them.
 */
import { z } from 'zod'
import { DEFAULT_STEP_CONFIG, type StepConfig, type StepRow, stepConfig } from '../../processes/process-store'

/** Most step runs of one step at once, and most variables a step may set. */
const MAX_PARALLEL_EXECUTIONS = 20
const MAX_STEP_VARIABLES = 100
/** Variables the room sets itself: a step cannot override how its robot reaches its items. */
const RESERVED_VARIABLE = /^(RC_|ROBOT_ROOT$|ROBOT_ARTIFACTS$)/i

const StepEnv = z
  .record(
    z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
        'a variable name: letters, digits and _, not starting with a digit',
      )
      .refine(
        (name) => !RESERVED_VARIABLE.test(name),
        'RC_*, ROBOT_ROOT and ROBOT_ARTIFACTS are set by the room',
      ),
    z.string().max(32_768),
  )
  .refine((env) => Object.keys(env).length <= MAX_STEP_VARIABLES, `at most ${MAX_STEP_VARIABLES} variables`)
/** A step of a process edit, with its settings. */
export const StepBody = z.object({
  robot_id: z.string().min(1).max(100),
  task: z.string().min(1).max(255).optional().describe("default: the robot's only task"),
  name: z.string().trim().min(1).max(255).optional().describe('default: the task name'),
  wait_for_previous: z
    .boolean()
    .optional()
    .describe('default true: start once the previous step has ended; false: take items as they arrive'),
  parallel_executions: z
    .number()
    .int()
    .min(1)
    .max(MAX_PARALLEL_EXECUTIONS)
    .optional()
    .describe('default 1: how many step runs of this step may run at once in a process run'),
  env: StepEnv.optional().describe("default {}: extra environment variables for the step's robot"),
  work_item_adapter: z
    .enum(['api', 'file'])
    .optional()
    .describe(
      "default 'api' ('file' for the bundled samples): the robot-side work item API; 'file': the file contract (FileAdapter paths)",
    ),
})

/** The settings fields of a step in the API's answers. */
export const StepSettingsResource = {
  wait_for_previous: z.boolean(),
  parallel_executions: z.number().int(),
  env: z.record(z.string(), z.string()),
  work_item_adapter: z.enum(['api', 'file']),
}

/**
 * The settings a step body asks for, defaults filled in: the first step has no previous step to
 * wait for, and the bundled samples are written for the file contract (docs/localroom.md).
 */
export function stepSettings(step: z.infer<typeof StepBody>, first: boolean, bundled: boolean): StepConfig {
  return {
    waitForPrevious: first || (step.wait_for_previous ?? DEFAULT_STEP_CONFIG.waitForPrevious),
    parallelExecutions: step.parallel_executions ?? DEFAULT_STEP_CONFIG.parallelExecutions,
    env: step.env ?? DEFAULT_STEP_CONFIG.env,
    workItemAdapter: step.work_item_adapter ?? (bundled ? 'file' : DEFAULT_STEP_CONFIG.workItemAdapter),
  }
}

/** A stored step's settings in the API's shape. */
export function stepSettingsOf(step: StepRow) {
  const config = stepConfig(step)
  return {
    wait_for_previous: config.waitForPrevious,
    parallel_executions: config.parallelExecutions,
    env: { ...config.env },
    work_item_adapter: config.workItemAdapter,
  }
}
