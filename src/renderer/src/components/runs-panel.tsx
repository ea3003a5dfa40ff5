/** The Runs pane: every run across workspaces, live, filtered by the bar above the list. */
import { useDeferredValue, useMemo, useState } from 'react'
import type { ConnectionStatus, ConnectionSummary, RunSummary } from '../../../shared/domain'
import { isActiveRunState } from '../../../shared/runs'
import { useNow } from '../hooks/use-now'
import type { RunsQuery } from '../hooks/use-runs'
import { plural } from '../lib/format'
import { filterRuns, NO_FILTER, type RunFilter } from '../lib/run-filter'
import { EmptyState, ErrorBanner, LoadingState } from './feedback'
import { Panel, RefreshButton } from './panel'
import { RunsFilters } from './runs-filters'
import { RunsTable } from './runs-table'
import { WorkspaceSync } from './workspace-sync'
import './runs-panel.css'

interface RunsPanelProps {
  runs: RunsQuery
  nameOf(connectionId: string): string
  highlightKey: string | undefined
  connections?: readonly ConnectionSummary[]
  onOpen?: ((run: RunSummary) => void) | undefined
  openKey?: string | undefined
  /** Each workspace's watch health and last sync, shown above the list. */
  statuses?: ReadonlyMap<string, ConnectionStatus>
}

/** How often the time-window filter re-reads the clock (runs age out of "last hour" slowly). */
const WINDOW_TICK_MS = 30_000

export function RunsPanel({
  runs,
  nameOf,
  highlightKey,
  connections = [],
  onOpen,
  openKey,
  statuses,
}: RunsPanelProps) {
  // Counted once per list, not on every render (a status tick re-renders the panel).
  const running = useMemo(() => runs.runs.filter((run) => isActiveRunState(run.state)).length, [runs.runs])
  const [filter, setFilter] = useState<RunFilter>(NO_FILTER)
  // Typing stays responsive at 10,000 runs: the list filters at a lower priority than the input.
  const deferredFilter = useDeferredValue(filter)
  const now = useNow(WINDOW_TICK_MS, filter.window !== 'any')
  const shown = useMemo(
    () => filterRuns(runs.runs, deferredFilter, nameOf, now),
    [runs.runs, deferredFilter, nameOf, now],
  )
  const filtered = shown.length !== runs.runs.length
  return (
    <Panel
      title="Runs"
      count={runs.loading ? undefined : shown.length}
      className="runs-panel"
      busy={runs.loading || runs.refreshing}
      actions={
        <>
          {running > 0 && <span className="runs-panel__running">{plural(running, 'run')} active</span>}
          <RefreshButton label="Refresh runs" busy={runs.refreshing} onClick={runs.reload} />
        </>
      }
    >
      {statuses && <WorkspaceSync connections={connections} statuses={statuses} />}
      {runs.error !== undefined && (
        <ErrorBanner title="Could not load runs." error={runs.error} onRetry={runs.reload} />
      )}
      {runs.runs.length > 0 && (
        <RunsFilters
          filter={filter}
          onChange={setFilter}
          runs={runs.runs}
          connections={connections}
          nameOf={nameOf}
        />
      )}
      {filtered && (
        <p className="runs-panel__filtered" role="status">
          Showing {shown.length} of {plural(runs.runs.length, 'run')}.{' '}
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => setFilter(NO_FILTER)}
          >
            Clear filters
          </button>
        </p>
      )}
      {shown.length > 0 ? (
        <RunsTable
          runs={shown}
          nameOf={nameOf}
          highlightKey={highlightKey}
          onOpen={onOpen}
          openKey={openKey}
        />
      ) : runs.runs.length > 0 ? (
        <EmptyState title="No run matches the filters." />
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
