/** The run's state timeline: created, started, each step run with its state, ended. */
import { formatDuration } from '../../../../shared/duration'
import type { RunDetail } from '../../../../shared/run-detail'
import { isFinalRunState } from '../../../../shared/runs'
import { formatTimestamp } from '../../lib/format'

interface TimelineEntry {
  key: string
  label: string
  at: string | null
  state?: string
  note?: string
}

export function RunSteps({ detail }: { detail: RunDetail }) {
  const { run, stepRuns } = detail
  const now = Date.now()
  const entries: TimelineEntry[] = [
    { key: 'created', label: 'Created', at: run.createdAt },
    { key: 'started', label: 'Started', at: run.startedAt },
    ...stepRuns.map((step) => ({
      key: step.id,
      label: step.stepName,
      at: step.startedAt ?? step.stateUpdatedAt,
      state: step.state,
      note: [
        step.duration === null ? undefined : formatDuration(step.duration),
        step.errorCode ? `error ${step.errorCode}` : undefined,
      ]
        .filter(Boolean)
        .join(' · '),
    })),
    {
      key: 'ended',
      label: run.state === 'stopping' ? 'Stopping' : 'Ended',
      at: run.endedAt,
      ...(isFinalRunState(run.state) ? { state: run.state } : {}),
    },
  ]
  return (
    <ol className="run-timeline" aria-label="State timeline">
      {entries.map((entry) => (
        <li
          key={entry.key}
          className={`run-timeline__entry ${entry.at ? '' : 'is-pending'}`}
          data-step-state={entry.state}
        >
          <span className="run-timeline__dot" aria-hidden="true" />
          <span className="run-timeline__label">{entry.label}</span>
          {entry.state && (
            <span className={`step-state step-state--${entry.state}`}>{entry.state.replace('_', ' ')}</span>
          )}
          {entry.note && <span className="run-timeline__note">{entry.note}</span>}
          <time className="run-timeline__time" dateTime={entry.at ?? undefined}>
            {entry.at ? formatTimestamp(entry.at, now) : '—'}
          </time>
        </li>
      ))}
    </ol>
  )
}
