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

/** Runs one step run that has already begun (beginStepRun) and ends it. */
export async function executeStep(
  ctx: StepContext,
  run: RunRow,
  step: StepRow,
  stepRunId: string,
  inputs: readonly InputItem[],
): Promise<StepOutcome> {
  const { db, dataDir } = ctx
  const sink = new ConsoleSink(db, stepRunId, ctx.storage, ctx.consoleLimits)
  const say = (line: string) => sink.write('system', line)
  const fail = (errorCode: string, message: string, exitCode: number | null = null): StepOutcome => {
    say(message)
    sink.close()
    finishStepRun(db, stepRunId, { ok: false, errorCode, exitCode, message })
    return { proceed: false, ok: false, stepRunId, outputs: [] }
  }

  const workDir = join(dataDir, 'step-runs', stepRunId)
  let task: RobotTask
  try {
    task = await loadRobotTask(await resolveRobotFolder(ctx, step.robot), step.task)
  } catch (error) {
    return fail(
      'robot_invalid',
      `Cannot run robot ${describeRobotRef(ctx.db, step.robot)}: ${(error as Error).message}`,
    )
  }
  const copy = join(workDir, 'robot')
  const inputPath = join(workDir, 'work-items-in', 'work-items.json')
  const outputPath = join(workDir, 'work-items-out', 'work-items.json')
  const releasePath = join(workDir, 'work-items-out', 'releases.json')
  try {
    const artifactsRel = relative(task.root, task.artifactsDir)
    const ignored = await loadIgnoreMatcher(task.ignoreFiles)
    await makePrivateDir(workDir)
    await cp(task.root, copy, {
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
    await makePrivateDir(join(copy, artifactsRel))
    await makePrivateDir(join(workDir, 'work-items-in'))
    await makePrivateDir(join(workDir, 'work-items-out'))
    await writeInputItems(db, dataDir, inputPath, inputs)
  } catch (error) {
    return fail(
      'setup_failed',
      `Cannot prepare the working copy of robot ${describeRobotRef(ctx.db, step.robot)}: ${(error as Error).message}`,
    )
  }
  if (ctx.killReason()) return fail('stopped', 'The step run was stopped before the robot started')

  const relocate = (path: string) => join(copy, relative(task.root, path))
  const env = buildRobotEnv(
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
      RC_WORKITEM_INPUT_PATH: inputPath,
      RC_WORKITEM_OUTPUT_PATH: outputPath,
      RC_WORKITEM_RELEASE_PATH: releasePath,
      ROBOT_ROOT: copy,
      ROBOT_ARTIFACTS: relocate(task.artifactsDir),
    },
    {
      pathEntries: task.pathEntries.map(relocate),
      pythonPathEntries: task.pythonPathEntries.map(relocate),
      env: task.env,
    },
  )
  say(
    `Running task "${task.taskName}" of robot ${describeRobotRef(ctx.db, step.robot)}: ${task.argv.join(' ')}`,
  )
  const child = startStepProcess({
    argv: task.argv,
    cwd: copy,
    env,
    onLine: ctx.storage.guard(`console of step run ${stepRunId}`, (stream, line) => sink.write(stream, line)),
  })
  ctx.onChild(child)
  // Only lets a later start kill a robot this room left behind: a disk that refuses it must not
  // abandon a robot that is running.
  if (child.pid !== undefined)
    ctx.storage.guard(`recording the pid of step run ${stepRunId}`, recordStepPid)(db, stepRunId, child.pid)
  let timedOut = false
  const timer =
    ctx.deadline === null
      ? null
      : setTimeout(
          ctx.storage.guard(`timeout of step run ${stepRunId}`, () => {
            timedOut = true
            child.kill(KILL_GRACE_MS)
            say('The step run reached its timeout: stopping the robot')
          }),
          Math.max(0, ctx.deadline - Date.now()),
        )
  let result: StepProcessResult
  try {
    result = await child.done
  } finally {
    if (timer) clearTimeout(timer)
    ctx.onChild(null)
  }
  try {
    // The robot wrote its artifacts and outputs with its own umask: they become the user's alone.
    await tightenTree(workDir)
  } catch (error) {
    say(`Cannot make the step's files private: ${(error as Error).message}`)
  }
  try {
    await recordArtifacts(db, { stepRunId, artifactsDir: relocate(task.artifactsDir), dataDir })
  } catch (error) {
    say(`Cannot record the step's artifacts: ${(error as Error).message}`)
  }

  const reason = ctx.killReason()
  if (reason === 'terminated') {
    recordStepEvent(db, stepRunId, 'step_run_terminated')
    ctx.settleTerminated()
  }
  if (reason === 'terminated')
    return fail('terminated', 'The step run was terminated by a stop request', result.exitCode)
  if (result.spawnError) return fail('spawn_failed', `Cannot start the robot: ${result.spawnError.message}`)
  if (reason === 'stopped')
    return fail('stopped', 'The local Control Room stopped while the robot was running', result.exitCode)
  if (timedOut) return fail('timeout', 'The step run timed out', result.exitCode)
  if (result.exitCode !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`
    return fail('robot_failed', `The robot ${how}`, result.exitCode)
  }
  let outputs: OutputItem[]
  let releases: ItemRelease[]
  try {
    outputs = await readOutputItems(outputPath, workDir)
    releases = await readReleases(releasePath, inputs)
  } catch (error) {
    return fail(
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
