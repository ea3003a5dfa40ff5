/**
 * What "Run again" sends: the run's input, which is the payload of its first work item (a launch
 * creates exactly one, before the first step; later items are steps' inputs made by robots).
 */
import type { JsonValue } from '../../../shared/domain'
import type { RunWorkItems } from '../../../shared/run-detail'

export type RunInput = { ok: true; payload: JsonValue | undefined } | { ok: false; reason: string }

/** The payload to launch again with; a null payload (none was given) launches with none. */
export function runInput(workItems: RunWorkItems): RunInput {
  const first = workItems.items[0]
  if (!first) return { ok: false, reason: 'This run has no input work item to repeat.' }
  if (first.payload === undefined) return { ok: false, reason: 'The input work item’s payload was not read.' }
  return { ok: true, payload: first.payload ?? undefined }
}
