/**
 * When each step of a process run may start a step run, by its settings (Control Room's process
 * editor): a step that waits for the previous one starts once that step is done; one that does not
 * wait starts as soon as items reach it; each has at most `parallel_executions` step runs at once.
 * A step is done when the step before it is done, none of its step runs is running, and no item
 * waits for it.
 */
import type { DatabaseSync } from 'node:sqlite'
import { selectOne } from '../db/db'
import { type StepRow, stepConfig } from '../processes/process-store'
import { itemsGivenToStep } from '../work-items/robot-items'
import { createStepInputs } from './step-run-store'
import type { StepOutcome } from './step-settle'

interface StepState {
  /** Step runs launched and not yet settled (waiting for a worker, or running). */
  running: number
  /** Of those, the ones that have not taken their items yet. */
  claiming: number
  launched: number
  /** A step run of it crashed: its successor gets no empty item in place of outputs. */
  crashed: boolean
  /** Whether the rule "every step gets at least one item" has been applied to it. */
  fed: boolean
}

/** A step run to start now. `reuse`: it may take over a step run a previous room start left waiting. */
export interface Launch {
  index: number
  step: StepRow
  reuse: boolean
}

/** The schedule of one process run's steps. */
export class RunSchedule {
  /** Some step run failed (a failed item, a crash): the run ends unresolved. */
  failed = false
  /** A step run ended in a way the run cannot go on from (timeout, stop, a robot that cannot start). */
  private halted = false
  private readonly states: StepState[]

  constructor(
    private readonly db: DatabaseSync,
    private readonly runId: string,
    private readonly steps: readonly StepRow[],
  ) {
    this.states = steps.map(() => ({ running: 0, claiming: 0, launched: 0, crashed: false, fed: false }))
  }

  nextStepId(index: number): string | undefined {
    return this.steps[index + 1]?.id
  }

  /** The step runs to start now (already counted as running). */
  launchable(): Launch[] {
    if (this.halted) return []
    const launches: Launch[] = []
    for (const [index, step] of this.steps.entries()) {
      const state = this.states[index] as StepState
      const config = stepConfig(step)
      const previousDone = index === 0 || this.isDone(index - 1)
      if (!previousDone && config.waitForPrevious) continue
      if (previousDone && index > 0) this.feed(index)
      const waiting = this.waitingItems(step.id)
      const free = config.parallelExecutions - state.running
      // The file contract hands a step run every waiting item; through the API each step run takes
      // one to start with and reserves the rest itself.
      const wanted =
        config.workItemAdapter === 'file'
          ? waiting > 0 && state.claiming === 0
            ? 1
            : 0
          : waiting - state.claiming
      for (let n = 0; n < Math.min(free, wanted); n++) {
        launches.push({ index, step, reuse: state.launched === 0 })
        state.running++
        state.claiming++
        state.launched++
      }
    }
    return launches
  }

  /** A launched step run has taken its items (or found none). */
  claimed(index: number): void {
    const state = this.states[index]
    if (state && state.claiming > 0) state.claiming--
  }

  /** A step run has ended with this outcome. */
  ended(index: number, outcome: StepOutcome | 'nothing_left'): void {
    if (outcome === 'nothing_left') return
    if (!outcome.ok) this.failed = true
    if (!outcome.proceed) {
      this.halted = true
      this.failed = true
    } else if (!outcome.ok && outcome.crashed) (this.states[index] as StepState).crashed = true
  }

  /** A launched step run is over, whatever its end. */
  settled(index: number): void {
    const state = this.states[index]
    if (state) state.running--
  }

  private isDone(index: number): boolean {
    const step = this.steps[index]
    const state = this.states[index]
    if (!step || !state) return true
    if (index > 0 && !this.isDone(index - 1)) return false
    return state.running === 0 && this.waitingItems(step.id) === 0
  }

  /** A step gets at least one input item, as in Control Room: an empty one when the step before made none. */
  private feed(index: number): void {
    const state = this.states[index] as StepState
    const step = this.steps[index] as StepRow
    if (state.fed) return
    state.fed = true
    if (this.states[index - 1]?.crashed) return
    if (itemsGivenToStep(this.db, this.runId, step.id) > 0) return
    createStepInputs(this.db, { processRunId: this.runId, stepId: step.id, payloads: [null] })
  }

  private waitingItems(stepId: string): number {
    return (
      selectOne<{ n: number }>(
        this.db,
        `SELECT COUNT(*) AS n FROM work_items WHERE process_run_id = ? AND step_id = ? AND state = 'new'`,
        this.runId,
        stepId,
      )?.n ?? 0
    )
  }
}
