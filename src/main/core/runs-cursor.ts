/**
 * runs.list's cursor: where each connection's run list continues (the query of its next page), as
 * one opaque token for the renderer. It holds no secret, and only a query is ever taken from it:
 * the client rebuilds the URL on the connection's own run list (controlroom-client.ts readRuns).
 */
import { CoreError } from './errors'

/** The token for the connections that have older runs; null when none has. */
export function formatRunsCursor(positions: ReadonlyMap<string, string>): string | null {
  if (positions.size === 0) return null
  return Buffer.from(JSON.stringify([...positions])).toString('base64url')
}

export function parseRunsCursor(token: string): Map<string, string> {
  try {
    const pairs = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown
    if (
      Array.isArray(pairs) &&
      pairs.every(
        (pair) =>
          Array.isArray(pair) &&
          pair.length === 2 &&
          typeof pair[0] === 'string' &&
          typeof pair[1] === 'string',
      )
    )
      return new Map(pairs as [string, string][])
  } catch {
    // Reported below.
  }
  throw new CoreError('invalid_request', 'The runs cursor is not one Robodeck gave out.')
}
