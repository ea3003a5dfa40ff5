/**
 * A process's last run as a state badge, and a strip of its last runs, oldest on the left: one
 * bar per run, colored by its state, as tall as its duration is long beside the others'.
 */
import type { RunSummary } from '../../../shared/domain'
import { formatDuration } from '../../../shared/duration'
import { StateBadge } from './state-badge'

/** Bars stay visible however short the run: a fraction of the strip's height at least. */
const MIN_BAR = 0.2

const runLabel = (run: RunSummary) =>
  run.duration === null ? run.state : `${run.state}, ${formatDuration(run.duration)}`

export function ProcessHistory({ processName, runs }: { processName: string; runs: RunSummary[] }) {
  const last = runs[0]
  if (!last) return null
  const longest = Math.max(...runs.map((run) => run.duration ?? 0))
  return (
    <div className="process-history">
      <span className="visually-hidden">Last run:</span>
      <StateBadge state={last.state} />
      <ol className="process-history__strip" aria-label={`Last ${runs.length} runs of ${processName}`}>
        {[...runs].reverse().map((run) => {
          const share = longest > 0 && run.duration !== null ? run.duration / longest : 0
          return (
            <li
              key={run.id}
              className={`process-history__bar process-history__bar--${run.state}`}
              style={{ height: `${Math.round((MIN_BAR + (1 - MIN_BAR) * share) * 100)}%` }}
              title={runLabel(run)}
            >
              <span className="visually-hidden">{runLabel(run)}</span>
            </li>
          )
        })}
      </ol>
    </div>
  )
}
