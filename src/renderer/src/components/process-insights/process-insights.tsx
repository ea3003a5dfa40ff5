/**
 * A process's insights, in a modal dialog over the window: the durations and outcomes of its last
 * 20, 50 or 100 runs as a chart, what they add up to (success rate, median and 95th percentile
 * duration), and the same runs as a table for screen readers. The runs are the feed's, which holds
 * the newest runs of every workspace (up to 10,000, read page by page), and it follows the feed live.
 * Loaded on first use (React.lazy in processes-panel.tsx), with uPlot.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { ProcessSummary, RunSummary } from '../../../../shared/domain'
import { formatDuration } from '../../../../shared/duration'
import { formatTimestamp, plural } from '../../lib/format'
import {
  formatRate,
  INSIGHT_SIZES,
  type InsightSize,
  type InsightStats,
  insightStats,
  lastRunsOf,
  OUTCOME_LABELS,
  outcomeOf,
} from '../../lib/process-insights'
import { processKeyOf } from '../../lib/run-filter'
import { EmptyState } from '../feedback'
import { InsightsChart } from './insights-chart'
import './process-insights.css'
import { ChoiceSelect } from '../forms/choice-select'

interface ProcessInsightsProps {
  process: ProcessSummary
  workspaceName: string
  /** The feed's runs, every process's. */
  runs: readonly RunSummary[]
  onClose(): void
}

const duration = (seconds: number | null) => (seconds === null ? '—' : formatDuration(seconds))

/** Which runs are shown, in words: all of them when the feed holds fewer than asked for. */
function scopeOf(shown: number, size: InsightSize): string {
  if (shown === size) return `The last ${size} runs, oldest on the left.`
  return `The window holds ${plural(shown, 'run')} of this process, so ${shown === 1 ? 'it is' : 'all are'} shown (of the last ${size} asked for).`
}

function chartLabel(processName: string, stats: InsightStats): string {
  return `Bar chart of the durations of the last ${plural(stats.runs, 'run')} of ${processName}, oldest first: ${stats.completed} completed, ${stats.unresolved} unresolved, ${stats.unfinished} not finished. The table that follows lists each run.`
}

export default function ProcessInsights({ process, workspaceName, runs, onClose }: ProcessInsightsProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const [size, setSize] = useState<InsightSize>(INSIGHT_SIZES[0])
  const key = processKeyOf({ ...process, processId: process.id })
  const shown = useMemo(() => lastRunsOf(runs, key, size), [runs, key, size])
  const stats = useMemo(() => insightStats(shown), [shown])
  const nowMs = Date.now()

  useEffect(() => {
    const element = dialog.current
    element?.showModal()
    return () => element?.close()
  }, [])

  return (
    // A click on the backdrop lands on the dialog itself (its content has its own box): it closes.
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape closes it from the keyboard (native)
    <dialog
      ref={dialog}
      className="insights"
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(event) => event.target === dialog.current && dialog.current?.close()}
    >
      <div className="insights__body">
        <header className="insights__header">
          <h2 id={titleId} className="insights__title">
            Insights: {process.name}
          </h2>
          <span className="insights__workspace">{workspaceName}</span>
          <label className="insights__size" htmlFor={`${titleId}-size`}>
            Runs
            <ChoiceSelect
              id={`${titleId}-size`}
              value={String(size)}
              onChange={(value) => setSize(Number(value) as InsightSize)}
              choices={INSIGHT_SIZES.map((n) => ({ value: String(n), label: `Last ${n}` }))}
            />
          </label>
          <button
            type="button"
            className="button button--ghost button--icon"
            aria-label="Close insights"
            title="Close (Esc)"
            onClick={() => dialog.current?.close()}
          >
            <span aria-hidden="true">✕</span>
          </button>
        </header>
        <p className="insights__scope">{scopeOf(shown.length, size)}</p>
        <dl className="insights__stats">
          <div>
            <dt>Success rate</dt>
            <dd data-stat="success-rate">{formatRate(stats.successRate)}</dd>
            <dd className="insights__detail">
              {stats.completed} of {plural(stats.completed + stats.unresolved, 'finished run')}
            </dd>
          </div>
          <div>
            <dt>Median duration</dt>
            <dd data-stat="median">{duration(stats.medianDuration)}</dd>
          </div>
          <div>
            <dt>95th percentile</dt>
            <dd data-stat="p95">{duration(stats.p95Duration)}</dd>
          </div>
          <div>
            <dt>Runs</dt>
            <dd data-stat="runs">{stats.runs}</dd>
            <dd className="insights__detail">
              {stats.unresolved} unresolved, {stats.unfinished} not finished
            </dd>
          </div>
        </dl>
        {shown.length === 0 ? (
          <EmptyState title="No runs of this process yet">
            Launch it, and its runs are charted here.
          </EmptyState>
        ) : (
          <>
            <InsightsChart runs={shown} label={chartLabel(process.name, stats)} />
            <table className="visually-hidden">
              <caption>
                Last {plural(shown.length, 'run')} of {process.name}, oldest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Duration</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((run) => (
                  <tr key={run.id} data-insight-run-id={run.id}>
                    <td>{formatTimestamp(run.createdAt, nowMs)}</td>
                    <td>{OUTCOME_LABELS[outcomeOf(run.state)]}</td>
                    <td>{duration(run.duration)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </dialog>
  )
}
