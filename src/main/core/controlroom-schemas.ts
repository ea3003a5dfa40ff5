/**
 * What Control Room API v1 returns, as runtime schemas: every response is parsed before the core
 * trusts it. Only the fields Robodeck reads are required; unknown fields pass (the API grows).
 */
import { z } from 'zod'
import { RunState } from '../../shared/domain'

export const ApiProcess = z.object({
  id: z.string(),
  name: z.string(),
  created_at: z.string(),
})
export type ApiProcess = z.infer<typeof ApiProcess>

export const ApiProcessRun = z.object({
  id: z.string(),
  state: RunState,
  created_at: z.string(),
  // The spec lets a server leave these out until they apply; absent reads as null.
  started_at: z
    .string()
    .nullish()
    .transform((value) => value ?? null),
  ended_at: z
    .string()
    .nullish()
    .transform((value) => value ?? null),
  process: z.object({ id: z.string(), name: z.string() }),
  duration: z
    .number()
    .nullish()
    .transform((value) => value ?? null),
  // Read when present; a server that leaves it out still lists its runs.
  started_by: z
    .object({
      type: z.string(),
      details: z.object({ first_name: z.string().nullish(), last_name: z.string().nullish() }).nullish(),
    })
    .nullish(),
})
export type ApiProcessRun = z.infer<typeof ApiProcessRun>

export const ApiWorkspace = z.object({ id: z.string(), name: z.string() })
export type ApiWorkspace = z.infer<typeof ApiWorkspace>

/** A page of results; `next` is the full URL of the next page, or null. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    next: z.string().nullable().optional(),
    has_more: z.boolean().optional(),
  })

export const StartRunResponse = z.union([
  z.object({ started: z.literal(true), id: z.string() }),
  z.object({ started: z.literal(false) }),
])

export const ApiErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
})

// --- run detail (spec: StepRunResource, step run artifacts and console messages, work items, stop) ---

const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? null)

export const ApiStepRun = z.object({
  id: z.string(),
  state: z.enum(['new', 'awaiting_worker', 'in_progress', 'completed', 'failed']),
  state_updated_at: z.string(),
  error: nullable(z.object({ code: z.string() })),
  started_at: nullable(z.string()),
  ended_at: nullable(z.string()),
  duration: nullable(z.number()),
  step: z.object({ id: z.string(), name: z.string() }),
})
export type ApiStepRun = z.infer<typeof ApiStepRun>

export const ApiArtifact = z.object({ id: z.string(), name: z.string(), size: z.number() })
export const ApiArtifactWithUrl = ApiArtifact.extend({ url: z.string() })
export const ApiConsoleMessage = z.object({ timestamp: z.string(), message: z.string() })

const ApiWorkItemFile = z.object({ id: z.string(), name: z.string(), size: z.number() })
const ApiException = nullable(
  z.object({
    code: z.string(),
    type: z.string(),
    message: z
      .string()
      .nullish()
      .transform((m) => m ?? ''),
  }),
)

/** The list form of a work item (no payload, no files). */
export const ApiWorkItemListed = z.object({
  id: z.string(),
  created_at: z.string(),
  state: z.string(),
  step_run: nullable(z.object({ id: z.string() })),
  exception: ApiException,
})
export type ApiWorkItemListed = z.infer<typeof ApiWorkItemListed>

export const ApiWorkItem = ApiWorkItemListed.extend({
  payload: z.unknown(),
  files: z
    .array(ApiWorkItemFile)
    .nullish()
    .transform((files) => files ?? []),
})
export type ApiWorkItem = z.infer<typeof ApiWorkItem>

export const ApiRunOutput = z.object({
  id: z.string(),
  created_at: z.string(),
  payload: z.unknown(),
  files: z
    .array(ApiWorkItemFile)
    .nullish()
    .transform((files) => files ?? []),
})
export type ApiRunOutput = z.infer<typeof ApiRunOutput>

export const StopRunResponse = z.object({ accepted: z.boolean() })
