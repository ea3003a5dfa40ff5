/** Display formatting for times, shared by the run views (durations: src/shared/duration.ts). */

/**
 * What the Duration column shows: the reported duration once the run ended, the time elapsed so
 * far while it runs (so the column visibly ticks), nothing before it started.
 */
export function runDurationSeconds(
  run: { duration: number | null; startedAt: string | null; endedAt: string | null },
  nowMs: number,
): number | null {
  if (run.duration !== null) return run.duration
  if (!run.startedAt) return null
  const start = Date.parse(run.startedAt)
  if (Number.isNaN(start)) return null
  const end = run.endedAt ? Date.parse(run.endedAt) : nowMs
  return Number.isNaN(end) ? null : Math.max(0, (end - start) / 1000)
}

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
const dateAndTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** Today's times as "14:03:21", older ones as "Nov 28, 14:03": dense, and unambiguous enough. */
export function formatTimestamp(iso: string | null, nowMs: number): string {
  if (!iso) return '—'
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  const sameDay = new Date(ms).toDateString() === new Date(nowMs).toDateString()
  return (sameDay ? timeOnly : dateAndTime).format(ms)
}

/** "1 workspace" / "3 workspaces". */
export const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`

/** "812 B", "14.2 KB", "3.1 MB": file sizes in the run detail. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

const TRIGGERS: Record<string, string> = { api: 'API', schedule: 'Schedule', email: 'Email', user: 'Manual' }

/** How a run was started, as the feed's column says it: the user's name for a manual start. */
export function startedByLabel(startedBy: { type: string; user: string | null } | undefined): string {
  if (!startedBy) return '—'
  if (startedBy.type === 'user' && startedBy.user) return startedBy.user
  return TRIGGERS[startedBy.type] ?? startedBy.type
}
