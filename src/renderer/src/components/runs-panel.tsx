/** The Runs pane: every run across workspaces, live. */
import { isActiveRunState } from '../../../shared/runs'
import type { RunsQuery } from '../hooks/use-runs'
import { plural } from '../lib/format'
import { EmptyState, ErrorBanner, LoadingState } from './feedback'
import { Panel, RefreshButton } from './panel'
import { RunsTable } from './runs-table'
import './runs-panel.css'

interface RunsPanelProps {
  runs: RunsQuery
  nameOf(connectionId: string): string
  highlightKey: string | undefined
}

export function RunsPanel({ runs, nameOf, highlightKey }: RunsPanelProps) {
  const running = runs.runs.filter((run) => isActiveRunState(run.state)).length
  return (
    <Panel
      title="Runs"
      count={runs.loading ? undefined : runs.runs.length}
      className="runs-panel"
      busy={runs.loading || runs.refreshing}
      actions={
        <>
          {running > 0 && <span className="runs-panel__running">{plural(running, 'run')} active</span>}
          <RefreshButton label="Refresh runs" busy={runs.refreshing} onClick={runs.reload} />
        </>
      }
    >
      {runs.error !== undefined && (
        <ErrorBanner title="Could not load runs." error={runs.error} onRetry={runs.reload} />
      )}
      {runs.runs.length > 0 ? (
        <RunsTable runs={runs.runs} nameOf={nameOf} highlightKey={highlightKey} />
      ) : runs.loading ? (
        <LoadingState label="Loading runs…" />
      ) : runs.error === undefined ? (
        <EmptyState title="No runs yet — launch a process">
          Runs from every workspace appear here and update as they progress.
        </EmptyState>
      ) : null}
    </Panel>
  )
}
