/**
 * How a step run ends, once its robot has exited: its items settled, its outputs handed on, its
 * state written. What the robot released and produced stands whatever its end (Control Room keeps
 * them): only the items it left in progress share the step's failure, and a robot's own exception
 * on an item it failed wins over the room's generic one.
 */
import { selectAll } from '../db/db'
import type { WorkItemAdapter } from '../processes/process-store'
import { handOnApiOutputs } from '../work-items/robot-items'
import { type OutputItem, readOutputItems, readReleases } from '../work-items/work-item-io'
import type { ConsoleSink } from './console-sink'
import type { StepContext } from './step-execution'
import { finishStepRun, type InputItem, type ItemRelease, releaseItems } from './step-run-store'

/** The result of one step run. */
export interface StepOutcome {
  /** Whether the run goes on to the next step (failed items and a crashed robot still pass their outputs on). */
  proceed: boolean
  /** Whether everything succeeded (no failed item, exit 0). */
  ok: boolean
  stepRunId: string
  /** Outputs read from the file contract (the API's outputs are already the next step's items). */
  outputs: OutputItem[]
  /** The robot exited non-zero or was killed (what it did before stands). */
  crashed?: boolean
}

/** A step run that failed: its error code, what the console says, the exit code if any. */
export class StepFailure extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly exitCode: number | null = null,
  ) {
    super(message)
  }

  /** A robot that exited non-zero or was killed: what it did before stands and the run goes on. */
  get robotCrashed(): boolean {
    return this.errorCode === 'robot_failed'
  }
}

/** The file contract's paths of a step run. */
export interface ItemFiles {
  workDir: string
  outputPath: string
  releasePath: string
}

/** Ends a step run as failed: items still in progress fail with its code; the console says why. */
export function failStep(
  ctx: StepContext,
  stepRunId: string,
  sink: ConsoleSink,
  failure: StepFailure,
  outputs: OutputItem[] = [],
): StepOutcome {
  sink.write('system', failure.message)
  sink.close()
  finishStepRun(ctx.db, stepRunId, {
    ok: false,
    errorCode: failure.errorCode,
    exitCode: failure.exitCode,
    message: failure.message,
  })
  return { proceed: failure.robotCrashed, ok: false, stepRunId, outputs, crashed: failure.robotCrashed }
}

/** Settles a step run whose robot has ended (`failure` null: it exited 0). */
export async function settleStep(
  ctx: StepContext,
  step: {
    stepRunId: string
    adapter: WorkItemAdapter
    inputs: readonly InputItem[]
    files: ItemFiles
    sink: ConsoleSink
    failure: StepFailure | null
  },
): Promise<StepOutcome> {
  const { stepRunId, failure, sink } = step
  let outputs: OutputItem[] = []
  let outputCount = 0
  if (step.adapter === 'api') {
    outputCount = handOnApiOutputs(ctx.db, stepRunId)
  } else if (failure === null || failure.robotCrashed) {
    try {
      outputs = await readOutputItems(step.files.outputPath, step.files.workDir)
      releaseItems(ctx.db, stepRunId, await readReleases(step.files.releasePath, step.inputs))
    } catch (error) {
      const unreadable = new StepFailure(
        'output_invalid',
        `The robot's output work items are unreadable: ${(error as Error).message}`,
        failure?.exitCode ?? 0,
      )
      // A crash stays the cause; an exit 0 with unreadable files fails on them.
      if (failure) sink.write('system', unreadable.message)
      return failStep(ctx, stepRunId, sink, failure ?? unreadable)
    }
    outputCount = outputs.length
  }
  if (failure) return failStep(ctx, stepRunId, sink, failure, outputs)
  // Items the robot did not release are done: it exited 0.
  const rest = selectAll<{ id: string }>(
    ctx.db,
    `SELECT id FROM work_items WHERE step_run_id = ? AND state = 'in_progress'`,
    stepRunId,
  )
  releaseItems(
    ctx.db,
    stepRunId,
    rest.map((item): ItemRelease => ({ itemId: item.id, state: 'done', exception: null })),
  )
  const failedItems = selectAll(
    ctx.db,
    `SELECT id FROM work_items WHERE step_run_id = ? AND state = 'failed'`,
    stepRunId,
  ).length
  sink.write(
    'system',
    `The robot exited with code 0 (${outputCount} output work item${outputCount === 1 ? '' : 's'})`,
  )
  if (failedItems > 0) {
    sink.write('system', `${failedItems} input work item${failedItems === 1 ? '' : 's'} failed`)
    sink.close()
    finishStepRun(ctx.db, stepRunId, { ok: false, errorCode: 'work_item_failed', exitCode: 0, message: null })
    return { proceed: true, ok: false, stepRunId, outputs }
  }
  sink.close()
  finishStepRun(ctx.db, stepRunId, { ok: true, errorCode: null, exitCode: 0, message: null })
  return { proceed: true, ok: true, stepRunId, outputs }
}
