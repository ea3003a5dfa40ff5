/** What the OS notification says when a run finishes. */
import type { RunSummary } from '../../shared/domain'

export interface NotificationContent {
  title: string
  body: string
}

/** The notification for a finished run, or null for a run that is not final. */
export function runFinishedNotification(
  run: RunSummary,
  connectionName?: string,
): NotificationContent | null {
  if (run.state !== 'completed' && run.state !== 'unresolved') return null
  const outcome = run.state === 'completed' ? 'completed' : 'ended unresolved'
  const took = run.duration === null ? '' : ` in ${formatDuration(run.duration)}`
  const where = connectionName ? ` (${connectionName})` : ''
  return { title: `${run.processName} ${outcome}`, body: `Run finished${took}${where}.` }
}

/** 4 s, 2 min 5 s, 1 h 3 min. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`
  return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${Math.floor(m / 60)} h`
}
