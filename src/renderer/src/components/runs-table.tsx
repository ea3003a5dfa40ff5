/** The run list as a table: one row per run, updated in place as events arrive. */
import { memo } from 'react'
import type { RunSummary } from '../../../shared/domain'
import { formatDuration } from '../../../shared/duration'
import { isActiveRunState, isFinalRunState, runKey } from '../../../shared/runs'
import { useNow } from '../hooks/use-now'
import { formatTimestamp, runDurationSeconds } from '../lib/format'
import { StateBadge } from './state-badge'

interface RunsTableProps {
  runs: readonly RunSummary[]
  nameOf(connectionId: string): string
  /** The run just launched from this window, highlighted until it is replaced. */
  highlightKey: string | undefined
}

export function RunsTable({ runs, nameOf, highlightKey }: RunsTableProps) {
  // Tick only while something runs, so an idle window does no work.
  const anyRunning = runs.some((run) => isActiveRunState(run.state))
  const now = useNow(1000, anyRunning)
  return (
    <div className="table-scroll">
      <table className="runs-table">
        <caption className="visually-hidden">Runs across all workspaces, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Process</th>
            <th scope="col">State</th>
            <th scope="col">Started</th>
            <th scope="col" className="is-numeric">
              Duration
            </th>
            <th scope="col">Workspace</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const key = runKey(run)
            return (
              <RunRow
                key={key}
                run={run}
                workspaceName={nameOf(run.connectionId)}
                highlighted={key === highlightKey}
                now={isFinalRunState(run.state) ? 0 : now}
              />
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

interface RunRowProps {
  run: RunSummary
  workspaceName: string
  highlighted: boolean
  /** Only running rows get the ticking clock; finished rows get 0 so memo skips them. */
  now: number
}

const RunRow = memo(function RunRow({ run, workspaceName, highlighted, now }: RunRowProps) {
  const started = run.startedAt ?? run.createdAt
  const seconds = runDurationSeconds(run, now || Date.now())
  return (
    <tr
      data-run-id={run.id}
      data-connection-id={run.connectionId}
      data-process-id={run.processId}
      className={highlighted ? 'is-highlighted' : undefined}
    >
      <td className="runs-table__process" title={run.processName}>
        {run.processName}
      </td>
      <td data-state={run.state}>
        <StateBadge state={run.state} />
      </td>
      <td>
        <time
          dateTime={started}
          title={`${run.startedAt ? 'Started' : 'Created'} ${new Date(started).toLocaleString()}`}
          className={run.startedAt ? undefined : 'is-muted'}
        >
          {formatTimestamp(started, now || Date.now())}
        </time>
      </td>
      <td className="is-numeric">{seconds === null ? '—' : formatDuration(seconds)}</td>
      <td className="runs-table__workspace" title={workspaceName}>
        {workspaceName}
      </td>
    </tr>
  )
})
