/** How a run's duration reads, in the runs table and in the OS notification alike. */

/** A duration in seconds as "850 ms", "4.3 s", "42 s", "3m 05s" or "2h 01m"; "—" when not a duration. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—'
  // Rounded before choosing the unit, so 0.9996 s reads "1.0 s" rather than "1000 ms".
  const ms = Math.round(seconds * 1000)
  if (ms < 1000) return `${ms} ms`
  const tenths = Math.round(seconds * 10) / 10
  if (tenths < 10) return `${tenths.toFixed(1)} s`
  // Whole seconds from here on, cut rather than rounded, as the minutes' seconds are below.
  if (seconds < 60) return `${Math.max(10, Math.floor(seconds))} s`
  const total = Math.floor(seconds)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}h ${pad(m)}m` : `${m}m ${pad(s)}s`
}
