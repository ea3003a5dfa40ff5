/** The API's WorkItem shapes (full and list form) and how rows become them. */
import type { DatabaseSync } from 'node:sqlite'
import { z } from 'zod'
import { isoDateTime } from '../../http/schemas'
import { listItemFiles } from '../../work-items/work-item-files'
import { type WorkItemRow, WorkItemState } from '../../work-items/work-item-store'

/** A payload as the spec allows it: any JSON but null. */
export const Payload = z.union([
  z.record(z.string(), z.unknown()),
  z.array(z.unknown()),
  z.string(),
  z.number(),
  z.boolean(),
])

const Ref = z.object({ id: z.string() })
export const WorkItemFile = z.object({ id: z.string(), size: z.number(), name: z.string() })

export const WorkItemWithoutData = z.object({
  id: z.string(),
  created_at: isoDateTime,
  state: WorkItemState,
  state_updated_at: isoDateTime.nullable(),
  process: Ref,
  process_run: Ref.nullable(),
  step: Ref.nullable(),
  step_run: Ref.nullable(),
  exception: z
    .object({
      code: z.string(),
      type: z.enum(['application', 'business', 'orchestrator', 'unspecified']),
      message: z.string(),
    })
    .nullable(),
})
export const WorkItemResource = WorkItemWithoutData.extend({
  payload: z.unknown(),
  files: z.array(WorkItemFile),
})

const ref = (id: string | null) => (id === null ? null : { id })

/** The list form: no payload, no files. */
export function toWorkItemSummary(row: WorkItemRow): z.infer<typeof WorkItemWithoutData> {
  return {
    id: row.id,
    created_at: row.created_at,
    state: row.state,
    state_updated_at: row.state_updated_at,
    process: { id: row.process_id },
    process_run: ref(row.process_run_id),
    step: ref(row.step_id),
    step_run: ref(row.step_run_id),
    exception:
      row.exception_type === null
        ? null
        : {
            code: row.exception_code ?? '',
            type: row.exception_type,
            message: row.exception_message ?? '',
          },
  }
}

/** The full WorkItem, with its payload and uploaded files. */
export function toWorkItem(db: DatabaseSync, row: WorkItemRow): z.infer<typeof WorkItemResource> {
  return {
    ...toWorkItemSummary(row),
    // A null payload (an empty input of a run) shows as {}: the spec allows any JSON but null.
    payload: nonNullPayload(row.payload),
    files: listItemFiles(db, row.id).map((file) => ({ id: file.id, size: file.size, name: file.name })),
  }
}

/** Parses a stored payload, showing null as {} (the spec's payload is never null). */
export function nonNullPayload(text: string): unknown {
  const value = JSON.parse(text) as unknown
  return value === null ? {} : value
}
