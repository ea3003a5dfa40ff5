/**
 * One step run on a worker: the robot's working copy (robot.yaml `ignoreFiles` honoured), its
 * environment, the child process with a bounded console, a timeout, and what the robot left
 * behind (artifacts, output items and their files, item releases).
 */
import { cp, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { makePrivateDir, tightenTree } from '../../platform/private-fs'
import type { StepRow } from '../processes/process-store'
import { loadIgnoreMatcher } from '../robot/ignore-files'
import { buildRobotEnv } from '../robot/robot-env'
import { describeRobotRef, resolveRobotFolder } from '../robot/robot-source'
import { loadRobotTask, type RobotTask } from '../robot/robot-yaml'
import { type StepProcess, type StepProcessResult, startStepProcess } from '../robot/step-process'
import type { StorageHealth } from '../storage/storage-health'
import { type OutputItem, readOutputItems, readReleases, writeInputItems } from '../work-items/work-item-io'
import { recordArtifacts } from './artifact-store'
import { type ConsoleLimits, ConsoleSink } from './console-sink'
import type { RunRow } from './run-store'
import {
  finishStepRun,
  type InputItem,
  type ItemRelease,
  recordStepEvent,
  recordStepPid,
  releaseItems,
} from './step-run-store'

/** How long a robot gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 2000

/** The result of one step run. */
export interface StepOutcome {
  /** Whether the run goes on to the next step (a step with failed items still passes its outputs on). */
  proceed: boolean
  /** Whether everything succeeded (no failed item, exit 0). */
  ok: boolean
  stepRunId: string
  outputs: OutputItem[]
}

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
}

/** A step run that ends early, failed: its error code, what the console says, the exit code if any. */
class StepFailure extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly exitCode: number | null = null,
  ) {
    super(message)
  }
}

/** Where a step run's files live: the robot's working copy and the work item files beside it. */
interface StepPaths {
  workDir: string
  copy: string
  inputPath: string
  outputPath: string
  releasePath: string
}

/** Runs one step run that has already begun (beginStepRun) and ends it: prepare, run, collect. */
export async function executeStep(
  ctx: StepContext,
  run: RunRow,
  step: StepRow,
  stepRunId: string,
  inputs: readonly InputItem[],
): Promise<StepOutcome> {
  const sink = new ConsoleSink(ctx.db, stepRunId, ctx.storage, ctx.consoleLimits)
  const say = (line: string) => sink.write('system', line)
  try {
    const { task, paths } = await prepareWorkingCopy(ctx, step, stepRunId, inputs)
    const env = robotEnvironment(run, step, stepRunId, inputs, task, paths)
    say(
      `Running task "${task.taskName}" of robot ${describeRobotRef(ctx.db, step.robot)}: ${task.argv.join(' ')}`,
    )
    const ended = await runRobot(ctx, stepRunId, task, paths, env, sink)
    await collectLeftovers(ctx, stepRunId, task, paths, say)
    throwIfFailed(ctx, stepRunId, ended)
    return await settleItems(ctx, stepRunId, inputs, paths, sink)
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error
    say(error.message)
    sink.close()
    finishStepRun(ctx.db, stepRunId, {
      ok: false,
      errorCode: error.errorCode,
      exitCode: error.exitCode,
      message: error.message,
    })
    return { proceed: false, ok: false, stepRunId, outputs: [] }
  }
}

/** Loads the robot's task and makes the step's private working copy, with its input items written. */
async function prepareWorkingCopy(
  ctx: StepContext,
  step: StepRow,
  stepRunId: string,
  inputs: readonly InputItem[],
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
    await makePrivateDir(join(workDir, 'work-items-in'))
    await makePrivateDir(join(workDir, 'work-items-out'))
    await writeInputItems(db, dataDir, paths.inputPath, inputs)
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

/** The robot's environment: Control Room's RC_* variables and the file adapter's paths. */
function robotEnvironment(
  run: RunRow,
  step: StepRow,
  stepRunId: string,
  inputs: readonly InputItem[],
  task: RobotTask,
  paths: StepPaths,
): ReturnType<typeof buildRobotEnv> {
  const relocate = (path: string) => inCopy(task, paths, path)
  return buildRobotEnv(
    process.env,
    {
      RC_WORKSPACE_ID: run.workspace_id,
      RC_PROCESS_ID: run.process_id,
      RC_PROCESS_NAME: run.process_name,
      RC_PROCESS_RUN_ID: run.id,
      RC_ACTIVITY_RUN_ID: stepRunId,
      RC_STEP_NAME: step.name,
      RC_WORKITEM_ID: inputs[0]?.id ?? '',
      // robocorp-workitems resolves this name among its own adapters: its FileAdapter.
      RC_WORKITEM_ADAPTER: 'FileAdapter',
      RC_WORKITEM_INPUT_PATH: paths.inputPath,
      RC_WORKITEM_OUTPUT_PATH: paths.outputPath,
      RC_WORKITEM_RELEASE_PATH: paths.releasePath,
      ROBOT_ROOT: paths.copy,
      ROBOT_ARTIFACTS: relocate(task.artifactsDir),
    },
    {
      pathEntries: task.pathEntries.map(relocate),
      pythonPathEntries: task.pythonPathEntries.map(relocate),
      env: task.env,
    },
  )
}

/** Starts the robot and waits for it to end, killing it at the step's deadline. */
async function runRobot(
  ctx: StepContext,
  stepRunId: string,
  task: RobotTask,
  paths: StepPaths,
  env: ReturnType<typeof buildRobotEnv>,
  sink: ConsoleSink,
): Promise<{ result: StepProcessResult; timedOut: boolean }> {
  const child = startStepProcess({
    argv: task.argv,
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

/** Why the step failed, in order of precedence (a stop request over a crash over a timeout), if it did. */
function throwIfFailed(
  ctx: StepContext,
  stepRunId: string,
  { result, timedOut }: { result: StepProcessResult; timedOut: boolean },
): void {
  const reason = ctx.killReason()
  if (reason === 'terminated') {
    recordStepEvent(ctx.db, stepRunId, 'step_run_terminated')
    ctx.settleTerminated()
    throw new StepFailure('terminated', 'The step run was terminated by a stop request', result.exitCode)
  }
  if (result.spawnError)
    throw new StepFailure('spawn_failed', `Cannot start the robot: ${result.spawnError.message}`)
  if (reason === 'stopped')
    throw new StepFailure(
      'stopped',
      'The local Control Room stopped while the robot was running',
      result.exitCode,
    )
  if (timedOut) throw new StepFailure('timeout', 'The step run timed out', result.exitCode)
  if (result.exitCode !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`
    throw new StepFailure('robot_failed', `The robot ${how}`, result.exitCode)
  }
}

/** After an exit 0: reads the outputs and releases, settles every input item and ends the step run. */
async function settleItems(
  ctx: StepContext,
  stepRunId: string,
  inputs: readonly InputItem[],
  paths: StepPaths,
  sink: ConsoleSink,
): Promise<StepOutcome> {
  const { db } = ctx
  const say = (line: string) => sink.write('system', line)
  let outputs: OutputItem[]
  let releases: ItemRelease[]
  try {
    outputs = await readOutputItems(paths.outputPath, paths.workDir)
    releases = await readReleases(paths.releasePath, inputs)
  } catch (error) {
    throw new StepFailure(
      'output_invalid',
      `The robot's output work items are unreadable: ${(error as Error).message}`,
      0,
    )
  }
  const failedItems = new Set(releases.filter((r) => r.state === 'failed').map((r) => r.itemId)).size
  // Items the robot did not release are done: it exited 0.
  const released = new Set(releases.map((r) => r.itemId))
  const rest = inputs.filter((item) => !released.has(item.id))
  releaseItems(db, stepRunId, [
    ...releases,
    ...rest.map((item) => ({ itemId: item.id, state: 'done' as const, exception: null })),
  ])
  say(`The robot exited with code 0 (${outputs.length} output work item${outputs.length === 1 ? '' : 's'})`)
  if (failedItems > 0) {
    say(`${failedItems} input work item${failedItems === 1 ? '' : 's'} failed`)
    sink.close()
    finishStepRun(db, stepRunId, { ok: false, errorCode: 'work_item_failed', exitCode: 0, message: null })
    return { proceed: true, ok: false, stepRunId, outputs }
  }
  sink.close()
  finishStepRun(db, stepRunId, { ok: true, errorCode: null, exitCode: 0, message: null })
  return { proceed: true, ok: true, stepRunId, outputs }
}
