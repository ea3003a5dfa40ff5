/** Connection failures reported beside list results, and what they mean for the status line. */
import type { ConnectionFailure, ConnectionStatus } from '../../../shared/domain'

/** Keeps one failure per connection (processes.list and runs.list often report the same one). */
export function uniqueFailures(...lists: ReadonlyArray<readonly ConnectionFailure[]>): ConnectionFailure[] {
  const seen = new Map<string, ConnectionFailure>()
  for (const failure of lists.flat())
    if (!seen.has(failure.connectionId)) seen.set(failure.connectionId, failure)
  return [...seen.values()]
}

/**
 * How many of the configured connections are connected: the watcher's last look found them healthy
 * (it looks on its own, so a workspace that went offline since the lists were read counts as not
 * connected); before its first look, whether the last list call answered.
 */
export function countConnected(
  connectionIds: readonly string[],
  failures: readonly ConnectionFailure[],
  statuses: ReadonlyMap<string, Pick<ConnectionStatus, 'health'>> = new Map(),
): number {
  const failed = new Set(failures.map((failure) => failure.connectionId))
  return connectionIds.filter((id) => {
    const status = statuses.get(id)
    return status ? status.health === 'ok' : !failed.has(id)
  }).length
}
