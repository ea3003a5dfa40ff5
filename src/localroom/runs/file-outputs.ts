/**
 * Outputs a robot wrote through the file contract, handed on when its step run ends: the next
 * step's input items, or the run's outputs, each with its files copied into the room's store.
 * (Through the robot-side API, outputs are items already: work-items/robot-items.ts.)
 */
import type { DatabaseSync } from 'node:sqlite'
import { storeOutputFiles } from '../work-items/work-item-io'
import { createStepInputs, saveRunOutputs } from './step-run-store'
import type { StepOutcome } from './step-settle'

export async function handOnFileOutputs(
  db: DatabaseSync,
  dataDir: string,
  { runId, outcome, nextStepId }: { runId: string; outcome: StepOutcome; nextStepId: string | undefined },
): Promise<void> {
  const items = outcome.outputs
  if (items.length === 0) return
  const ids = nextStepId
    ? createStepInputs(db, { processRunId: runId, stepId: nextStepId, payloads: items.map((o) => o.payload) })
    : saveRunOutputs(db, {
        processRunId: runId,
        stepRunId: outcome.stepRunId,
        payloads: items.map((o) => o.payload),
      })
  await storeOutputFiles(
    db,
    dataDir,
    nextStepId ? 'work_item' : 'run_output',
    ids.map((id, i) => ({ id, files: items[i]?.files ?? [] })),
  )
}
