/**
 * Runs process runs: each step's robot as a real child process in its own working copy, inputs and
 * outputs through work-item files (the robocorp-workitems file adapter convention), console lines
 * and states into the database. One Runner per room; stop() kills what is running and marks it.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { buildRobotEnv } from './robot/robot-env'
import { resolveRobotFolder } from './robot/robot-source'
import { loadRobotTask, type RobotTask } from './robot/robot-yaml'
import { type StepProcess, type StepProcessResult, startStepProcess } from './robot/step-process'
import { recordArtifacts } from './store/artifacts'
import { listSteps, type StepRow } from './store/processes'
import { finishStoppedRun, markRunStopping, settleRemainingItems } from './store/run-control'
import { finishRun, getRunById, markRunStarted, type RunRow } from './store/runs'
import {
  appendConsoleMessage,
  type ConsoleStream,
  createStepInputs,
  finishStepRun,
  type InputItem,
  pendingInputs,
  recordStepEvent,
  saveRunOutputs,
  startStepRun,
} from './store/step-runs'

export interface RunnerOptions {
  db: DatabaseSync
  /** Step runs' working copies go under <dataDir>/step-runs/<step_run_id>/. */
  dataDir: string
  /** Folder holding one folder per robot (each with a robot.yaml). */
  robotsDir: string
  log: (line: string) => void
}

/** What POST /process-runs/{id}/stop asked for. */
export interface StopRequest {
  /** Kill the running step's process tree rather than letting it finish. */
  terminate: boolean
  /** Items not processed yet become done (else failed with an orchestrator exception). */
  markDone: boolean
  reason?: string
}

interface StepOutcome {
  ok: boolean
  stepRunId: string
  outputs: unknown[]
}

/** Executes process runs in the background; enqueue() after the run is stored. */
export class Runner {
  private readonly scheduled = new Map<string, NodeJS.Immediate>()
  private readonly running = new Set<Promise<void>>()
  private readonly processes = new Set<StepProcess>()
  /** Runs whose execute() is under way. */
  private readonly executing = new Set<string>()
  private stopping = false
  /** Stop requests of runs still executing, by run id. */
  private readonly stopRequests = new Map<string, StopRequest>()
  /** The robot process each executing run is waiting for. */
  private readonly children = new Map<string, StepProcess>()

  constructor(private readonly options: RunnerOptions) {}

  /** Starts a stored `new` run on the next turn of the event loop (after its HTTP answer is sent). */
  enqueue(runId: string): void {
    if (this.stopping) {
      finishRun(this.options.db, runId, 'unresolved')
      return
    }
    const handle = setImmediate(() => {
      this.scheduled.delete(runId)
      this.executing.add(runId)
      const execution = this.execute(runId).finally(() => {
        this.running.delete(execution)
        this.executing.delete(runId)
        this.stopRequests.delete(runId)
      })
      this.running.add(execution)
    })
    this.scheduled.set(runId, handle)
  }

  /**
   * Stops one run (POST /process-runs/{id}/stop): the run passes through `stopping`; no further step
   * starts; the running step is killed when asked, else it finishes. False if the run had ended.
   */
  requestStop(runId: string, request: StopRequest): boolean {
    const { db } = this.options
    if (!markRunStopping(db, runId)) return false
    if (!this.stopRequests.has(runId)) this.stopRequests.set(runId, request)
    const handle = this.scheduled.get(runId)
    if (handle) {
      // Not started yet: nothing runs, so it ends now.
      clearImmediate(handle)
      this.scheduled.delete(runId)
      this.endStopped(runId)
      return true
    }
    const child = this.children.get(runId)
    if (child && request.terminate) child.kill(2000)
    // A run in `stopping` that this runner is not executing (it was never enqueued here) ends now.
    if (!child && !this.executing.has(runId)) this.endStopped(runId)
    return true
  }

  private endStopped(runId: string): void {
    const request = this.stopRequests.get(runId) ?? { terminate: false, markDone: false }
    this.stopRequests.delete(runId)
    finishStoppedRun(this.options.db, runId, { markDone: request.markDone, reason: request.reason })
    this.options.log(`run ${runId} stopped`)
  }

  /** Stops everything: scheduled runs end unresolved, running robots are killed and their runs end unresolved. */
  async stop(): Promise<void> {
    this.stopping = true
    for (const [runId, handle] of this.scheduled) {
      clearImmediate(handle)
      finishRun(this.options.db, runId, 'unresolved')
    }
    this.scheduled.clear()
    for (const child of this.processes) child.kill(1000)
    await Promise.allSettled([...this.running])
  }

  private async execute(runId: string): Promise<void> {
    const { db, log } = this.options
    try {
      const run = getRunById(db, runId)
      if (!run) return
      if (this.stopRequests.has(runId)) return this.endStopped(runId)
      if (!markRunStarted(db, runId)) return
      const steps = listSteps(db, run.process_id)
      for (const [index, step] of steps.entries()) {
        const inputs = pendingInputs(db, runId, step.id)
        // Every new run has inputs for its first step; a run reopened by a work item retry has steps
        // whose items were all processed already: those do not run again.
        if (inputs.length === 0) continue
        const outcome = await this.runStep(run, step, inputs)
        const stopRequested = this.stopRequests.has(runId) && !this.stopping
        if (!stopRequested && (!outcome.ok || this.stopping)) {
          finishRun(db, runId, 'unresolved')
          return
        }
        const next = steps[index + 1]
        if (outcome.ok && next) {
          // A step always gets at least one input item, as in Control Room.
          const payloads = outcome.outputs.length > 0 ? outcome.outputs : [null]
          createStepInputs(db, { processRunId: runId, stepId: next.id, payloads })
        } else if (outcome.ok) {
          saveRunOutputs(db, { processRunId: runId, stepRunId: outcome.stepRunId, payloads: outcome.outputs })
        }
        // A stop lets the current step finish (or kills it) and starts no further step; the next
        // step's inputs just created are among the remaining items it settles.
        if (stopRequested) return this.endStopped(runId)
      }
      finishRun(db, runId, 'completed')
      log(`run ${runId} completed`)
    } catch (error) {
      log(`run ${runId} failed in the runner: ${(error as Error).stack ?? error}`)
      try {
        finishRun(db, runId, 'unresolved')
      } catch {
        // The database may be the thing that failed; the run is recovered on the next start.
      }
    }
  }

  private async runStep(run: RunRow, step: StepRow, inputs: InputItem[]): Promise<StepOutcome> {
    const { db, dataDir, robotsDir } = this.options
    const stepRunId = startStepRun(db, {
      processRunId: run.id,
      stepId: step.id,
      inputIds: inputs.map((i) => i.id),
    })
    const say = (stream: ConsoleStream, line: string) => {
      try {
        appendConsoleMessage(db, stepRunId, stream, line)
      } catch (error) {
        // Called from stream events: a throw here would be uncaught and take the room down.
        this.options.log(`step run ${stepRunId}: cannot store a console line: ${(error as Error).message}`)
      }
    }
    const fail = (errorCode: string, message: string, exitCode: number | null = null): StepOutcome => {
      say('system', message)
      finishStepRun(db, stepRunId, { ok: false, errorCode, exitCode, message })
      return { ok: false, stepRunId, outputs: [] }
    }

    const workDir = join(dataDir, 'step-runs', stepRunId)
    let task: RobotTask
    try {
      task = await loadRobotTask(await resolveRobotFolder({ db, dataDir, robotsDir }, step.robot), step.task)
    } catch (error) {
      return fail('robot_invalid', `Cannot run robot ${step.robot}: ${(error as Error).message}`)
    }
    const copy = join(workDir, 'robot')
    const inputPath = join(workDir, 'work-items-in', 'work-items.json')
    const outputPath = join(workDir, 'work-items-out', 'work-items.json')
    try {
      const artifactsRel = relative(task.root, task.artifactsDir)
      // The robot's own artifacts folder (from a local test run) is not part of the robot.
      await cp(task.root, copy, {
        recursive: true,
        filter: (source) => {
          const rel = relative(task.root, source)
          return rel !== artifactsRel && !rel.startsWith(artifactsRel + sep)
        },
      })
      await mkdir(join(copy, artifactsRel), { recursive: true })
      await mkdir(join(workDir, 'work-items-in'), { recursive: true })
      await mkdir(join(workDir, 'work-items-out'), { recursive: true })
      await writeFile(inputPath, JSON.stringify(inputs.map((item) => ({ payload: item.payload, files: {} }))))
    } catch (error) {
      return fail(
        'setup_failed',
        `Cannot prepare the working copy of robot ${step.robot}: ${(error as Error).message}`,
      )
    }
    if (this.stopping) return fail('stopped', 'The local Control Room stopped before the robot started')

    const relocate = (path: string) => join(copy, relative(task.root, path))
    const env = buildRobotEnv(
      process.env,
      {
        RC_WORKSPACE_ID: run.workspace_id,
        RC_PROCESS_ID: run.process_id,
        RC_PROCESS_RUN_ID: run.id,
        RC_ACTIVITY_RUN_ID: stepRunId,
        RC_WORKITEM_ADAPTER: 'FileAdapter',
        RC_WORKITEM_INPUT_PATH: inputPath,
        RC_WORKITEM_OUTPUT_PATH: outputPath,
        ROBOT_ROOT: copy,
        ROBOT_ARTIFACTS: relocate(task.artifactsDir),
      },
      task.pathEntries.map(relocate),
    )
    say('system', `Running task "${task.taskName}" of robot ${step.robot}: ${task.argv.join(' ')}`)
    const child = startStepProcess({ argv: task.argv, cwd: copy, env, onLine: say })
    this.processes.add(child)
    this.children.set(run.id, child)
    // A stop with terminate that arrived while the working copy was being prepared.
    if (this.stopRequests.get(run.id)?.terminate) child.kill(2000)
    let result: StepProcessResult
    try {
      result = await child.done
    } finally {
      this.processes.delete(child)
      this.children.delete(run.id)
    }
    try {
      await recordArtifacts(db, { stepRunId, artifactsDir: relocate(task.artifactsDir), dataDir })
    } catch (error) {
      say('system', `Cannot record the step's artifacts: ${(error as Error).message}`)
    }

    const stop = this.stopRequests.get(run.id)
    if (stop?.terminate) {
      recordStepEvent(db, stepRunId, 'step_run_terminated')
      settleRemainingItems(db, run.id, { markDone: stop.markDone, reason: stop.reason })
      return fail('terminated', 'The step run was terminated by a stop request', result.exitCode)
    }

    if (result.spawnError) return fail('spawn_failed', `Cannot start the robot: ${result.spawnError.message}`)
    if (this.stopping)
      return fail('stopped', 'The local Control Room stopped while the robot was running', result.exitCode)
    if (result.exitCode !== 0) {
      const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`
      return fail('robot_failed', `The robot ${how}`, result.exitCode)
    }
    let outputs: unknown[]
    try {
      outputs = await readOutputs(outputPath)
    } catch (error) {
      return fail(
        'output_invalid',
        `The robot's output work items are unreadable: ${(error as Error).message}`,
        0,
      )
    }
    say(
      'system',
      `The robot exited with code 0 (${outputs.length} output work item${outputs.length === 1 ? '' : 's'})`,
    )
    finishStepRun(db, stepRunId, { ok: true, errorCode: null, exitCode: 0, message: null })
    return { ok: true, stepRunId, outputs }
  }
}

/** Reads a file-adapter output file: a JSON list of {payload, files}; a missing file means no outputs. */
async function readOutputs(path: string): Promise<unknown[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const items: unknown = JSON.parse(text)
  if (!Array.isArray(items)) throw new Error('expected a JSON list of work items')
  return items.map((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new Error(`item ${index} is not an object`)
    }
    return (item as { payload?: unknown }).payload ?? null
  })
}
