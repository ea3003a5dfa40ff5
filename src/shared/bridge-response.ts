/**
 * How a command's answer is held to its response schema, on both sides of the bridge (main checks
 * what its handlers return, the renderer checks what arrives). Where a schema has a hand-written
 * check that returns zod's value faster, that check answers first; whatever it does not accept goes
 * to zod, which decides and words the error. Nothing is ever let through unchecked.
 */
import type { z } from 'zod'
import { RunListResult } from './domain'
import { checkRunListResult } from './run-list-check'

/** Hand checks by schema: only where an answer is large enough for zod's cost to show (runs.list). */
const fastChecks = new Map<z.ZodType, (value: unknown) => unknown>([[RunListResult, checkRunListResult]])

/** The answer as `schema.safeParse` returns it. */
export function checkResponse(schema: z.ZodType, value: unknown): z.ZodSafeParseResult<unknown> {
  const fast = fastChecks.get(schema)?.(value)
  return fast === undefined ? schema.safeParse(value) : { success: true, data: fast }
}
