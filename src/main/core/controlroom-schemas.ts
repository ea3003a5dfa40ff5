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
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  process: z.object({ id: z.string(), name: z.string() }),
  duration: z.number().nullable(),
})
export type ApiProcessRun = z.infer<typeof ApiProcessRun>

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
