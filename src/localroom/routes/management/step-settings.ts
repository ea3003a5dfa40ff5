/**
 * A managed step's settings, as Control Room's process editor has them: the request fields with
 * their limits, what an absent field means, and how a stored step shows them.
 */
import { z } from 'zod'
import {
  MAX_PARALLEL_EXECUTIONS,
  MAX_STEP_VARIABLE_VALUE,
  MAX_STEP_VARIABLES,
  RESERVED_STEP_VARIABLE,
  RESERVED_STEP_VARIABLE_RULE,
  STEP_VARIABLE_NAME,
  STEP_VARIABLE_NAME_RULE,
} from '../../../shared/room-admin'
import { DEFAULT_STEP_CONFIG, type StepConfig, type StepRow, stepConfig } from '../../processes/process-store'

const StepEnv = z
  .record(
    z
      .string()
      .regex(STEP_VARIABLE_NAME, STEP_VARIABLE_NAME_RULE)
      .refine((name) => !RESERVED_STEP_VARIABLE.test(name), RESERVED_STEP_VARIABLE_RULE),
    z.string().max(MAX_STEP_VARIABLE_VALUE),
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
    .min(1, `from 1 to ${MAX_PARALLEL_EXECUTIONS}`)
    .max(MAX_PARALLEL_EXECUTIONS, `from 1 to ${MAX_PARALLEL_EXECUTIONS}`)
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
