/** Parsing request input with zod into values or a 400 that names the offending field. */
import type { z } from 'zod'
import { invalidRequest } from './errors'

/** Parses value with schema, or throws a 400 `invalid_request` naming the first bad field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'path',
): z.infer<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = issue?.path.map(String).join('.') ?? ''
  // A refused record key says only "Invalid key in record": its own issue says why.
  const message =
    (issue?.code === 'invalid_key' ? issue.issues[0]?.message : issue?.message) ?? 'invalid value'
  if (where === 'query') throw invalidRequest(`Invalid query parameter "${field}": ${message}`)
  if (where === 'path') throw invalidRequest(`Invalid path parameter "${field}": ${message}`)
  throw invalidRequest(
    field ? `Invalid request body field "${field}": ${message}` : `Invalid request body: ${message}`,
  )
}
