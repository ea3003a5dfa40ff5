/** Reconnect delays for the web mode event stream. */

/**
 * Exponential backoff with jitter: attempt 0 waits about `baseMs`, each further failure doubles it
 * up to `maxMs`. The jitter (50–100 %) keeps several open tabs from reconnecting in lockstep.
 */
export function backoffDelay(attempt: number, baseMs = 500, maxMs = 30_000, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt))
  return Math.round(exponential * (0.5 + random() * 0.5))
}
