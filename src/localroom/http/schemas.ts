/**
 * The API's shared shapes as zod schemas: path parameters, pages, resources. Routes validate input
 * and the OpenAPI document describes output with them (z.toJSONSchema), so both stay the spec's.
 */
import { z } from 'zod'

export const WorkspaceParams = z.object({ workspace_id: z.string().min(1) })
export const ProcessParams = WorkspaceParams.extend({ process_id: z.string().min(1) })
export const ProcessRunParams = WorkspaceParams.extend({ process_run_id: z.string().min(1) })

/** `{"error":{"code","message"}}`, the spec's genericErrorResponse. */
export const ErrorResponse = z.object({ error: z.object({ code: z.string(), message: z.string() }) })

/** `limit` as the spec has it: a number in the query string; the room's default and maximum apply. */
const LimitQuery = z.object({ limit: z.string().optional() })
/** A list route's query: `limit`, and the opaque `cursor` a `next` link carries (pagination.ts). */
export const PageQuery = LimitQuery.extend({ cursor: z.string().min(1).optional() })

/** A paginated list: `next` is the full URL of the next page (opaque cursor inside) or null. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ next: z.string().nullable(), has_more: z.boolean(), data: z.array(item) })

/** `{id, deleted: true}`, what every delete answers. */
export const Deleted = z.object({ id: z.string(), deleted: z.literal(true) })

export const isoDateTime = z.string().describe('ISO-8601 date-time, UTC')

export const ProcessResource = z.object({ id: z.string(), name: z.string(), created_at: isoDateTime })

/** A process run's state as the API names it: the room's one list of run states. */
/** Work item states, one enum for the store and the API. */
export const WorkItemState = z.enum(['new', 'pending', 'in_progress', 'failed', 'done'])
export type WorkItemState = z.infer<typeof WorkItemState>

export const ProcessRunState = z.enum(['new', 'in_progress', 'completed', 'unresolved', 'stopping'])
export type ProcessRunState = z.infer<typeof ProcessRunState>

/** The states a run ends in; `stopping` is not one (its robot may still be working). */
export const FINAL_RUN_STATES = ['completed', 'unresolved'] as const satisfies readonly ProcessRunState[]
export type FinalRunState = (typeof FINAL_RUN_STATES)[number]
export const isFinalRunState = (state: string): state is FinalRunState =>
  (FINAL_RUN_STATES as readonly string[]).includes(state)
/** FINAL_RUN_STATES as an SQL list for `state IN (…)`: built from the constants above, never from input. */
export const FINAL_RUN_STATES_SQL = FINAL_RUN_STATES.map((state) => `'${state}'`).join(', ')

export const ProcessRunResource = z.object({
  id: z.string(),
  state: ProcessRunState,
  created_at: isoDateTime,
  started_at: isoDateTime.nullable(),
  ended_at: isoDateTime.nullable(),
  process: z.object({ id: z.string(), name: z.string() }),
  started_by: z.object({
    type: z.enum(['api', 'user', 'schedule', 'email']),
    details: z.object({ id: z.string(), first_name: z.string(), last_name: z.string() }).nullable(),
  }),
  duration: z.number().nullable().describe('seconds'),
})
export type ProcessRunResource = z.infer<typeof ProcessRunResource>
