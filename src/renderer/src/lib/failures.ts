/** Connection failures reported beside list results, and what they mean for the status line. */
import type { ConnectionFailure } from '../../../shared/domain'

/** Keeps one failure per connection (processes.list and runs.list often report the same one). */
export function uniqueFailures(...lists: ReadonlyArray<readonly ConnectionFailure[]>): ConnectionFailure[] {
  const seen = new Map<string, ConnectionFailure>()
  for (const failure of lists.flat())
    if (!seen.has(failure.connectionId)) seen.set(failure.connectionId, failure)
  return [...seen.values()]
}

/** How many of the configured connections answered their last list call. */
export function countConnected(
  connectionIds: readonly string[],
  failures: readonly ConnectionFailure[],
): number {
  const failed = new Set(failures.map((failure) => failure.connectionId))
  return connectionIds.filter((id) => !failed.has(id)).length
}
