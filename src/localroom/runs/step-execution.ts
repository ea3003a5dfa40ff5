/**
 * One step run on a worker: the robot's working copy (robot.yaml `ignoreFiles` honoured), its
 * environment (the robot-side API's variables and token, or the file contract's paths), the child
 * process with a bounded console, a timeout, and what the robot left behind (step-settle.ts).
 */
import { cp, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { makePrivateDir, tightenTree } from '../../platform/private-fs'
import { type StepRow, stepConfig, type WorkItemAdapter } from '../processes/process-store'
import { loadIgnoreMatcher } from '../robot/ignore-files'
import { buildRobotEnv } from '../robot/robot-env'
import { planRobotLaunch, type RobotLaunchPlan } from '../robot/robot-interpreter'
import { describeRobotRef, resolveRobotFolder } from '../robot/robot-source'
import { loadRobotTask, type RobotTask } from '../robot/robot-yaml'
import { type StepProcess, type StepProcessResult, startStepProcess } from '../robot/step-process'
import type { StorageHealth } from '../storage/storage-health'
import { writeInputItems } from '../work-items/work-item-io'
import { recordArtifacts } from './artifact-store'
import { type ConsoleLimits, ConsoleSink } from './console-sink'
import type { RobotTokens } from './robot-tokens'
import type { RunRow } from './run-store'
import { type InputItem, recordStepEvent, recordStepPid } from './step-run-store'
import { failStep, type ItemFiles, StepFailure, type StepOutcome, settleStep } from './step-settle'

export type { StepOutcome } from './step-settle'

/** How long a robot gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 2000

/** What the runner gives a step execution. */
export interface StepContext {
  db: DatabaseSync
  dataDir: string
  robotsDir: string
  consoleLimits?: ConsoleLimits
  log: (line: string) => void
  /** Where timers and stream handlers report what they throw, and writes wait for a full disk. */
  storage: StorageHealth
  /** Absolute time (ms) the step must end by, or null. */
  deadline: number | null
  /** Called with the child once it runs, and with null when it has ended. */
  onChild: (child: StepProcess | null) => void
  /** Why the runner wants the step killed, if it does ('terminated' by a stop, 'stopped' by a room shutdown). */
  killReason: () => 'terminated' | 'stopped' | null
  /** Settles the run's remaining items as the stop request asked, before the terminated step fails. */
  settleTerminated: () => void
  /** The room's http://host:port, which robots call the robot-side API on. */
  origin: () => string
  /** Issues and ends the step run's robot token. */
  tokens: RobotTokens
  /** The room's --robot-python, if given. */
  robotPython?: string
}

/** Where a step run's files live: the robot's working copy and the work item files beside it. */
interface StepPaths extends ItemFiles {
  copy: string
  inputPath: string
}

/** How the robot process ended, and whether the step's deadline ended it. */
interface RobotEnd {
  result: StepProcessResult
  timedOut: boolean
}

/** Runs one step run that has already begun (beginStepRun) and ends it: prepare, run, collect, settle. */
export async function executeStep(
  ctx: StepContext,
  run: RunRow,
  step: StepRow,
  stepRunId: string,
  inputs: readonly InputItem[],
): Promise<StepOutcome> {
  const sink = new ConsoleSink(ctx.db, stepRunId, ctx.storage, ctx.consoleLimits)
  const say = (line: string) => sink.write('system', line)
  const config = stepConfig(step)
  try {
    const { task, paths } = await prepareWorkingCopy(ctx, step, stepRunId, inputs, config.workItemAdapter)
    const plan = planRobotLaunch(task, paths.copy, process.env.PATH, ctx.robotPython)
    const token =
      config.workItemAdapter === 'api'
        ? ctx.tokens.issue({
            stepRunId,
            processRunId: run.id,
            processId: run.process_id,
            workspaceId: run.workspace_id,
          })
        : null
    let ended: RobotEnd
    try {
      const env = robotEnvironment({ ctx, run, step, stepRunId, inputs, task, paths, token, plan })
      say(plan.note)
      say(
        `Running task "${task.taskName}" of robot ${describeRobotRef(ctx.db, step.robot)}: ${plan.argv.join(' ')}`,
      )
      ended = await runRobot(ctx, stepRunId, plan.argv, paths, env, sink)
    } finally {
      // What the robot left running can no longer change the step's items.
      if (token) ctx.tokens.revoke(stepRunId)
    }
    await collectLeftovers(ctx, stepRunId, task, paths, say)
    const failure = failureOf(ctx, stepRunId, ended)
    return await settleStep(ctx, {
      stepRunId,
      adapter: config.workItemAdapter,
      inputs,
      files: paths,
      sink,
      failure,
    })
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error
    return failStep(ctx, stepRunId, sink, error)
  }
}

/** Loads the robot's task and makes the step's private working copy, with its input items written. */
async function prepareWorkingCopy(
  ctx: StepContext,
  step: StepRow,
  stepRunId: string,
  inputs: readonly InputItem[],
  adapter: WorkItemAdapter,
): Promise<{ task: RobotTask; paths: StepPaths }> {
  const { db, dataDir } = ctx
  const workDir = join(dataDir, 'step-runs', stepRunId)
  let task: RobotTask
  try {
    task = await loadRobotTask(await resolveRobotFolder(ctx, step.robot), step.task)
  } catch (error) {
    throw new StepFailure(
      'robot_invalid',
      `Cannot run robot ${describeRobotRef(db, step.robot)}: ${(error as Error).message}`,
    )
  }
  const paths: StepPaths = {
    workDir,
    copy: join(workDir, 'robot'),
    inputPath: join(workDir, 'work-items-in', 'work-items.json'),
    outputPath: join(workDir, 'work-items-out', 'work-items.json'),
    releasePath: join(workDir, 'work-items-out', 'releases.json'),
  }
  try {
    const artifactsRel = relative(task.root, task.artifactsDir)
    const ignored = await loadIgnoreMatcher(task.ignoreFiles)
    await makePrivateDir(workDir)
    await cp(task.root, paths.copy, {
      recursive: true,
      filter: async (source) => {
        const rel = relative(task.root, source)
        if (rel === '') return true
        // The robot's own artifacts folder (from a local test run) is not part of the robot.
        if (rel === artifactsRel || rel.startsWith(artifactsRel + sep)) return false
        const isDir = (await stat(source)).isDirectory()
        return !ignored(rel.split(sep).join('/'), isDir)
      },
    })
    // cp gives each copy its source's mode (and made the step's folders with the umask's).
    await tightenTree(workDir)
    await makePrivateDir(join(paths.copy, artifactsRel))
    if (adapter === 'file') {
      await makePrivateDir(join(workDir, 'work-items-in'))
      await makePrivateDir(join(workDir, 'work-items-out'))
      await writeInputItems(db, dataDir, paths.inputPath, inputs)
    }
  } catch (error) {
    throw new StepFailure(
      'setup_failed',
      `Cannot prepare the working copy of robot ${describeRobotRef(db, step.robot)}: ${(error as Error).message}`,
    )
  }
  if (ctx.killReason()) throw new StepFailure('stopped', 'The step run was stopped before the robot started')
  return { task, paths }
}

/** A path of the robot's folder, in its working copy. */
function inCopy(task: RobotTask, paths: StepPaths, path: string): string {
  return join(paths.copy, relative(task.root, path))
}

/**
 * The robot's environment: Control Room's RC_* variables, and either the robot-side API's hosts and
 * token (no adapter variable: robocorp-workitems then picks its RobocorpAdapter, as in Control
 * Room) or the file contract's paths. The step's own variables win over robot.yaml's; the run's
 * variables win over both.
 */
function robotEnvironment(input: {
  ctx: StepContext
  run: RunRow
  step: StepRow
  stepRunId: string
  inputs: readonly InputItem[]
  task: RobotTask
  paths: StepPaths
  token: string | null
  plan: RobotLaunchPlan
}): ReturnType<typeof buildRobotEnv> {
  const { ctx, run, step, stepRunId, task, paths, token } = input
  const relocate = (path: string) => inCopy(task, paths, path)
  const origin = ctx.origin()
  const workItems: Record<string, string> = token
    ? {
        RC_API_WORKITEM_HOST: origin,
        RC_API_WORKITEM_TOKEN: token,
        RC_API_PROCESS_HOST: origin,
        RC_API_PROCESS_TOKEN: token,
      }
    : {
        // robocorp-workitems resolves this name among its own adapters: its FileAdapter.
        RC_WORKITEM_ADAPTER: 'FileAdapter',
        RC_WORKITEM_INPUT_PATH: paths.inputPath,
        RC_WORKITEM_OUTPUT_PATH: paths.outputPath,
        RC_WORKITEM_RELEASE_PATH: paths.releasePath,
      }
  return buildRobotEnv(
    process.env,
    {
      RC_WORKSPACE_ID: run.workspace_id,
      RC_PROCESS_ID: run.process_id,
      RC_PROCESS_NAME: run.process_name,
      RC_PROCESS_RUN_ID: run.id,
      RC_ACTIVITY_RUN_ID: stepRunId,
      // The name older robocorp-workitems documentation gives the step run's id.
      RC_ROBOT_RUN_ID: stepRunId,
      RC_STEP_NAME: step.name,
      RC_WORKITEM_ID: input.inputs[0]?.id ?? '',
      ...workItems,
      ROBOT_ROOT: paths.copy,
      ROBOT_ARTIFACTS: relocate(task.artifactsDir),
    },
    {
      pathEntries: [...task.pathEntries.map(relocate), ...input.plan.pathEntries],
      pythonPathEntries: task.pythonPathEntries.map(relocate),
      env: { ...task.env, ...stepConfig(step).env },
    },
  )
}

/** Starts the robot and waits for it to end, killing it at the step's deadline. */
async function runRobot(
  ctx: StepContext,
  stepRunId: string,
  argv: readonly string[],
  paths: StepPaths,
  env: ReturnType<typeof buildRobotEnv>,
  sink: ConsoleSink,
): Promise<RobotEnd> {
  const child = startStepProcess({
    argv,
    cwd: paths.copy,
    env,
    onLine: ctx.storage.guard(`console of step run ${stepRunId}`, (stream, line) => sink.write(stream, line)),
  })
  ctx.onChild(child)
  // Only lets a later start kill a robot this room left behind: a disk that refuses it must not
  // abandon a robot that is running.
  if (child.pid !== undefined)
    ctx.storage.guard(`recording the pid of step run ${stepRunId}`, recordStepPid)(
      ctx.db,
      stepRunId,
      child.pid,
    )
  let timedOut = false
  const timer =
    ctx.deadline === null
      ? null
      : setTimeout(
          ctx.storage.guard(`timeout of step run ${stepRunId}`, () => {
            timedOut = true
            child.kill(KILL_GRACE_MS)
            sink.write('system', 'The step run reached its timeout: stopping the robot')
          }),
          Math.max(0, ctx.deadline - Date.now()),
        )
  try {
    return { result: await child.done, timedOut }
  } finally {
    if (timer) clearTimeout(timer)
    ctx.onChild(null)
  }
}

/** Makes what the robot wrote private and records its artifacts, whatever the robot's end. */
async function collectLeftovers(
  ctx: StepContext,
  stepRunId: string,
  task: RobotTask,
  paths: StepPaths,
  say: (line: string) => void,
): Promise<void> {
  try {
    // The robot wrote its artifacts and outputs with its own umask: they become the user's alone.
    await tightenTree(paths.workDir)
  } catch (error) {
    say(`Cannot make the step's files private: ${(error as Error).message}`)
  }
  try {
    await recordArtifacts(ctx.db, {
      stepRunId,
      artifactsDir: inCopy(task, paths, task.artifactsDir),
      dataDir: ctx.dataDir,
    })
  } catch (error) {
    say(`Cannot record the step's artifacts: ${(error as Error).message}`)
  }
}

/** Why the step failed, in order of precedence (a stop request over a crash over a timeout), or null. */
function failureOf(ctx: StepContext, stepRunId: string, { result, timedOut }: RobotEnd): StepFailure | null {
  const reason = ctx.killReason()
  if (reason === 'terminated') {
    recordStepEvent(ctx.db, stepRunId, 'step_run_terminated')
    ctx.settleTerminated()
    return new StepFailure('terminated', 'The step run was terminated by a stop request', result.exitCode)
  }
  if (result.spawnError)
    return new StepFailure('spawn_failed', `Cannot start the robot: ${result.spawnError.message}`)
  if (reason === 'stopped')
    return new StepFailure(
      'stopped',
      'The local Control Room stopped while the robot was running',
      result.exitCode,
    )
  if (timedOut) return new StepFailure('timeout', 'The step run timed out', result.exitCode)
  if (result.exitCode !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`
    return new StepFailure('robot_failed', `The robot ${how}`, result.exitCode)
  }
  return null
}
