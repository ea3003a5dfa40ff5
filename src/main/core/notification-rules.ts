/** What the OS notification says when a run finishes. */
import type { RunSummary } from '../../shared/domain'
import { formatDuration } from '../../shared/duration'
import { isFinalRunState } from '../../shared/runs'

export interface NotificationContent {
  title: string
  body: string
}

/** The notification for a finished run, or null for a run that is not final. */
export function runFinishedNotification(
  run: RunSummary,
  connectionName?: string,
): NotificationContent | null {
  if (!isFinalRunState(run.state)) return null
  const outcome = run.state === 'completed' ? 'completed' : 'ended unresolved'
  const took = run.duration === null ? '' : ` in ${formatDuration(run.duration)}`
  const where = connectionName ? ` (${connectionName})` : ''
  return { title: `${run.processName} ${outcome}`, body: `Run finished${took}${where}.` }
}
