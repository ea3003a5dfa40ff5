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
