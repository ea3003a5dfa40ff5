/**
 * Runs process runs: their steps as each step's settings allow (run-schedule.ts), each step run
 * waiting (`awaiting_worker`, first come first served) for one of the room's workers, then
 * executing its robot (step-execution.ts). Output items of a step are the next step's inputs; the
 * last step's are the run's outputs. One Runner per room; stop() kills what is running and leaves
 * what only waits for the next start.
 */
import type { DatabaseSync } from 'node:sqlite'
import { listSteps, type StepRow, stepConfig } from '../processes/process-store'
import type { StepProcess } from '../robot/step-process'
import type { StorageHealth } from '../storage/storage-health'
import { runHasFailedItems } from '../work-items/robot-items'
import type { ConsoleLimits } from './console-sink'
import { runDeadline, stepDeadline } from './deadlines'
import { handOnFileOutputs } from './file-outputs'
import { RobotTokens } from './robot-tokens'
import {
  abandonRun,
  failRemainingItems,
  finishStoppedRun,
  markRunStopping,
  settleRemainingItems,
} from './run-control'
import { RunSchedule } from './run-schedule'
import { finishRun, getRunById, markRunStarted, type RunRow } from './run-store'
import { executeStep, KILL_GRACE_MS, type StepOutcome } from './step-execution'
import {
  awaitStepRun,
  beginStepRun,
  dropUnstartedStepRun,
  finishStepRun,
  type InputItem,
  pendingInputs,
} from './step-run-store'
import { DEFAULT_WORKERS, WaitCancelled, WorkerPool } from './worker-pool'

export interface RunnerOptions {
  db: DatabaseSync
  /** Step runs' working copies go under <dataDir>/step-runs/<step_run_id>/. */
  dataDir: string
  /** Folder holding one folder per robot (each with a robot.yaml). */
  robotsDir: string
  log: (line: string) => void
  /** Reports what timers throw, and keeps a run's end until a full disk takes it. */
  storage: StorageHealth
  /** How many step runs run at once (default 2). */
  workers?: number
  /** A cap on every step run's duration, in seconds (besides the process's own timeout). */
  stepTimeoutSeconds?: number
  consoleLimits?: ConsoleLimits
  /** The room's http://host:port, which robots call the robot-side work item API on. */
  origin: () => string
  /** A Python for robots when rcc is not on PATH (its folder goes first on the robot's PATH). */
  robotPython?: string
}

/** What POST /process-runs/{id}/stop asked for. */
export interface StopRequest {
  /** Kill the running step's process tree rather than letting it finish. */
  terminate: boolean
  /** Items not processed yet become done (else failed with an orchestrator exception). */
  markDone: boolean
  reason?: string
}

/** Executes process runs in the background; enqueue() after the run is stored. */
export class Runner {
  readonly pool: WorkerPool
  /** The live robot tokens of step runs (the robot-side work item API's credentials). */
  readonly tokens = new RobotTokens()
  private readonly scheduled = new Map<string, NodeJS.Immediate>()
  private readonly running = new Set<Promise<void>>()
  /** Runs whose execute() is under way. */
  private readonly executing = new Set<string>()
  private stopping = false
  /** Stop requests of runs still executing, by run id. */
  private readonly stopRequests = new Map<string, StopRequest>()
  /** The robot processes each executing run is waiting for. */
  private readonly children = new Map<string, Set<StepProcess>>()
  /** The step runs each executing run has waiting for a worker. */
  private readonly waiting = new Map<string, Set<string>>()
  /** Wakes a run's schedule when its items change (itemsChanged). */
  private readonly wakers = new Map<string, () => void>()

  constructor(private readonly options: RunnerOptions) {
    this.pool = new WorkerPool(options.workers ?? DEFAULT_WORKERS)
  }

  /** Starts a stored run (`new`, or `in_progress` left waiting by a previous start) after the HTTP answer is sent. */
  enqueue(runId: string): void {
    // A room shutting down leaves the run `new`: the next start runs it.
    if (this.stopping || this.scheduled.has(runId) || this.executing.has(runId)) return
    const handle = setImmediate(
      this.options.storage.guard(`starting run ${runId}`, () => {
        this.scheduled.delete(runId)
        this.executing.add(runId)
        const execution = this.execute(runId)
          .catch((error: unknown) => this.options.storage.report(`run ${runId}`, error))
          .finally(() => {
            this.running.delete(execution)
            this.executing.delete(runId)
            this.stopRequests.delete(runId)
          })
        this.running.add(execution)
      }),
    )
    this.scheduled.set(runId, handle)
  }

  /**
   * Stops one run (POST /process-runs/{id}/stop): the run passes through `stopping`; no further step
   * starts; a step waiting for a worker never starts; the running step is killed when asked, else
   * it finishes. False if the run had ended.
   */
  requestStop(runId: string, request: StopRequest): boolean {
    const { db } = this.options
    if (!markRunStopping(db, runId)) return false
    if (!this.stopRequests.has(runId)) this.stopRequests.set(runId, request)
    const handle = this.scheduled.get(runId)
    if (handle) {
      clearImmediate(handle)
      this.scheduled.delete(runId)
      this.endStopped(runId)
      return true
    }
    for (const waitingStep of this.waiting.get(runId) ?? []) this.pool.cancel(waitingStep, 'stopped')
    const children = this.children.get(runId) ?? new Set()
    if (request.terminate) for (const child of children) child.kill(KILL_GRACE_MS)
    // A run in `stopping` that this runner is not executing (it was never enqueued here) ends now.
    if (children.size === 0 && !this.executing.has(runId)) this.endStopped(runId)
    return true
  }

  private endStopped(runId: string): void {
    const request = this.stopRequests.get(runId) ?? { terminate: false, markDone: false }
    this.stopRequests.delete(runId)
    this.recordEnd(runId, () =>
      finishStoppedRun(this.options.db, runId, { markDone: request.markDone, reason: request.reason }),
    )
    this.options.log(`run ${runId} stopped`)
  }

  /**
   * Writes a run's end. A run must never stay `in_progress` because the disk was full when it
   * ended: storage keeps the write and retries it until the disk takes it.
   */
  private recordEnd(runId: string, write: () => void): void {
    this.options.storage.ensure(`the end of run ${runId}`, write)
  }

  /**
   * Stops everything: running robots are killed and their runs end unresolved; runs that only wait
   * (not started, or waiting for a worker) are left as they are and start again on the next start.
   */
  async stop(): Promise<void> {
    this.stopping = true
    for (const handle of this.scheduled.values()) clearImmediate(handle)
    this.scheduled.clear()
    this.pool.cancelAll('room stopping')
    for (const children of this.children.values()) for (const child of children) child.kill(1000)
    await Promise.allSettled([...this.running])
  }

  /** Runs a run's steps (run-schedule.ts decides when each may start), then ends the run. */
  private async execute(runId: string): Promise<void> {
    const { db, log } = this.options
    try {
      const started = this.begin(runId)
      if (!started) return
      const schedule = new RunSchedule(db, runId, listSteps(db, started.process_id))
      const active = new Set<Promise<void>>()
      let endedByWait = false
      const launch = (index: number, step: StepRow, reuse: boolean) => {
        const claimed = () => schedule.claimed(index)
        const done = this.launchStepRun(started, step, {
          nextStepId: schedule.nextStepId(index),
          reuse,
          claimed,
        })
          .then((result) => {
            if (result === 'run_ended') endedByWait = true
            else schedule.ended(index, result)
          })
          .finally(() => {
            schedule.settled(index)
            active.delete(done)
          })
        active.add(done)
      }
      for (;;) {
        const halted = endedByWait || this.stopping || this.stopRequests.has(runId)
        if (!halted) for (const next of schedule.launchable()) launch(next.index, next.step, next.reuse)
        if (active.size === 0) break
        await Promise.race([...active, new Promise<void>((wake) => this.wakers.set(runId, wake))])
        this.wakers.delete(runId)
      }
      if (endedByWait) return
      const stopRequested = this.stopRequests.has(runId) && !this.stopping
      if (stopRequested) return this.endStopped(runId)
      const state = schedule.failed || runHasFailedItems(db, runId) ? 'unresolved' : 'completed'
      this.recordEnd(runId, () => finishRun(db, runId, state))
      log(`run ${runId} ${state}`)
    } catch (error) {
      this.abandon(runId, error)
    }
  }

  /** Wakes a run's scheduler: items were released, so a step that does not wait may have work. */
  itemsChanged(runId: string): void {
    this.wakers.get(runId)?.()
  }

  /**
   * One step run: waits for a worker, takes the step's waiting items (the file contract takes them
   * all; the robot-side API takes the first, and the robot reserves the rest), runs the robot and
   * hands its outputs on. 'run_ended' when the wait ended the run instead (or the room is stopping).
   */
  private async launchStepRun(
    started: RunRow,
    step: StepRow,
    launch: { nextStepId: string | undefined; reuse: boolean; claimed: () => void },
  ): Promise<StepOutcome | 'run_ended' | 'nothing_left'> {
    const { db } = this.options
    const runId = started.id
    const stepRunId = awaitStepRun(db, { processRunId: runId, stepId: step.id, reuse: launch.reuse })
    const workerId = await this.awaitWorker(started, stepRunId)
    if (workerId === undefined) return 'run_ended'
    const waiting = pendingInputs(db, runId, step.id)
    const inputs = stepConfig(step).workItemAdapter === 'file' ? waiting : waiting.slice(0, 1)
    // Synchronously up to beginStepRun in runStep: the schedule counts these items taken.
    launch.claimed()
    if (inputs.length === 0) {
      // Robots of the same step reserved them meanwhile.
      this.pool.release(workerId)
      dropUnstartedStepRun(db, stepRunId)
      return 'nothing_left'
    }
    const outcome = await this.runStep(started, step, stepRunId, inputs, workerId)
    if (outcome.proceed)
      await handOnFileOutputs(db, this.options.dataDir, { runId, outcome, nextStepId: launch.nextStepId })
    return outcome
  }

  /** Marks a queued run started; undefined when there is nothing to run (gone, stopped, ended). */
  private begin(runId: string): RunRow | undefined {
    const { db } = this.options
    const run = getRunById(db, runId)
    if (!run) return undefined
    if (this.stopRequests.has(runId)) {
      this.endStopped(runId)
      return undefined
    }
    if (run.state === 'new') {
      if (!markRunStarted(db, runId)) return undefined
    } else if (run.state !== 'in_progress') return undefined
    return getRunById(db, runId) ?? run
  }

  /**
   * Waits for a free worker for a step run. Undefined when the wait ended the run instead (the
   * process's timeout, a stop) or the room is shutting down (the step run then keeps waiting, in
   * the database, for the next start).
   */
  private async awaitWorker(started: RunRow, stepRunId: string): Promise<string | undefined> {
    const { db } = this.options
    const runId = started.id
    const waiting = this.waiting.get(runId) ?? new Set()
    this.waiting.set(runId, waiting.add(stepRunId))
    // The process's timeout also runs while the step waits for a worker.
    const processDeadline = runDeadline(db, started)
    const waitTimer =
      processDeadline === null
        ? undefined
        : setTimeout(
            this.options.storage.guard(`timeout of run ${runId}`, () =>
              this.pool.cancel(stepRunId, WAIT_TIMED_OUT),
            ),
            Math.max(0, processDeadline - Date.now()),
          )
    try {
      return await this.pool.acquire(stepRunId)
    } catch (error) {
      if (!(error instanceof WaitCancelled)) throw error
      if (this.stopping) return undefined
      if (error.message === WAIT_TIMED_OUT) {
        const message = 'The process run reached its timeout while the step waited for a worker'
        finishStepRun(db, stepRunId, { ok: false, errorCode: 'timeout', exitCode: null, message })
        failRemainingItems(db, runId, 'timeout', message)
        this.recordEnd(runId, () => finishRun(db, runId, 'unresolved'))
        return undefined
      }
      finishStepRun(db, stepRunId, { ok: false, errorCode: 'stopped', exitCode: null, message: null })
      this.endStopped(runId)
      return undefined
    } finally {
      clearTimeout(waitTimer)
      waiting.delete(stepRunId)
      if (waiting.size === 0) this.waiting.delete(runId)
    }
  }

  /** Runs one step run on the worker it holds, and frees the worker. */
  private async runStep(
    started: RunRow,
    step: StepRow,
    stepRunId: string,
    inputs: readonly InputItem[],
    workerId: string,
  ): Promise<StepOutcome> {
    const { db } = this.options
    const runId = started.id
    let running: StepProcess | undefined
    try {
      beginStepRun(db, stepRunId, { workerId, inputIds: inputs.map((i) => i.id) })
      return await executeStep(
        {
          db,
          dataDir: this.options.dataDir,
          robotsDir: this.options.robotsDir,
          consoleLimits: this.options.consoleLimits,
          log: this.options.log,
          storage: this.options.storage,
          deadline: stepDeadline(db, started, this.options.stepTimeoutSeconds),
          origin: this.options.origin,
          tokens: this.tokens,
          robotPython: this.options.robotPython,
          onChild: (child) => {
            const children = this.children.get(runId) ?? new Set()
            if (child) this.children.set(runId, children.add(child))
            else {
              for (const ended of children) if (ended === running) children.delete(ended)
              if (children.size === 0) this.children.delete(runId)
            }
            running = child ?? undefined
          },
          settleTerminated: () => {
            const stop = this.stopRequests.get(runId)
            if (stop) settleRemainingItems(db, runId, { markDone: stop.markDone, reason: stop.reason })
          },
          killReason: () =>
            this.stopRequests.get(runId)?.terminate ? 'terminated' : this.stopping ? 'stopped' : null,
        },
        started,
        step,
        stepRunId,
        inputs,
      )
    } finally {
      this.pool.release(workerId)
    }
  }

  /**
   * Ends a run the runner could not carry on with: unresolved, with what had not ended failed and
   * the cause named (a full disk, or the runner's own failure, whose detail goes to the log).
   */
  private abandon(runId: string, error: unknown): void {
    const { db, log, storage } = this.options
    const failure = storage.notice(error)
    if (!failure) log(`run ${runId} failed in the runner: ${(error as Error)?.stack ?? error}`)
    const [code, message] = failure
      ? [failure.code, `The local Control Room could not store the run's progress: ${failure.summary}`]
      : ['orchestrator_error', 'The local Control Room failed while running this step']
    try {
      this.recordEnd(runId, () => abandonRun(db, runId, code, message))
    } catch (cause) {
      // Not a disk problem either: the next start settles the run (runs/recovery.ts).
      storage.report(`ending run ${runId}`, cause)
    }
  }
}

/** The reason a wait for a worker is cancelled when the process's timeout passes. */
const WAIT_TIMED_OUT = 'timeout'
