/** Every process across all connections, each launchable, with a filter for long lists. */
import { lazy, Suspense, useDeferredValue, useEffect, useMemo, useState } from 'react'
import type { JsonValue, ProcessListResult, ProcessSummary, RunSummary } from '../../../shared/domain'
import type { Query } from '../hooks/use-bridge-query'
import { useFavourites } from '../hooks/use-favourites'
import { recentRunsByProcess } from '../lib/process-history'
import { processKeyOf } from '../lib/run-filter'
import { EmptyState, ErrorBanner, LoadingState } from './feedback'
import { Panel, RefreshButton } from './panel'
import { ProcessRow } from './process-row'
import { SearchInput } from './search-input'
import './processes-panel.css'

// The insights dialog (and uPlot) loads the first time one is opened.
const ProcessInsights = lazy(() => import('./process-insights/process-insights'))

const keyOf = (process: ProcessSummary) => processKeyOf({ ...process, processId: process.id })

const NO_RUNS: RunSummary[] = []

/** How long the "Launched …" confirmation stays before it fades out. */
const CONFIRMATION_MS = 6000

interface ProcessesPanelProps {
  processes: Query<ProcessListResult>
  nameOf(connectionId: string): string
  /** Whether a connection is marked production (its launches ask first). */
  isProduction(connectionId: string): boolean
  hasConnections: boolean
  /** The runs the window holds (the feed's): each row's last run and history come from them. */
  runs: readonly RunSummary[]
  onLaunched(process: ProcessSummary, runId: string): void
  /**
   * A process whose Launch button should take focus (the command palette asks; a new object asks
   * again), and with `launchWith`, be launched with that payload (Run again asks).
   */
  launchFocus?: LaunchFocus
}

export interface LaunchFocus {
  key: string
  launchWith?: { payload: JsonValue | undefined }
}

export function ProcessesPanel({
  processes,
  nameOf,
  isProduction,
  hasConnections,
  runs,
  onLaunched,
  launchFocus,
}: ProcessesPanelProps) {
  const [filter, setFilter] = useState('')
  const deferredFilter = useDeferredValue(filter)
  const [confirmation, setConfirmation] = useState<{ text: string; runId: string; at: number } | undefined>()

  useEffect(() => {
    if (!confirmation) return
    const timer = setTimeout(() => setConfirmation(undefined), CONFIRMATION_MS)
    return () => clearTimeout(timer)
  }, [confirmation])

  // The asked-for process must be in the list to be focused: a filter that hides it goes. Once its
  // row has taken focus the request is spent, so a row shown again later does not take it back.
  const [spentFocus, setSpentFocus] = useState<LaunchFocus | undefined>()
  const pendingFocus = launchFocus !== spentFocus ? launchFocus : undefined
  useEffect(() => {
    if (pendingFocus) setFilter('')
  }, [pendingFocus])

  /** The process whose insights dialog is open. */
  const [insightsFor, setInsightsFor] = useState<ProcessSummary | undefined>()

  const favourites = useFavourites()
  const history = useMemo(() => recentRunsByProcess(runs), [runs])
  const list = processes.data?.processes
  const visible = useMemo(() => {
    const needle = deferredFilter.trim().toLocaleLowerCase()
    const rank = (p: ProcessSummary) => (favourites.keys.has(keyOf(p)) ? 0 : 1)
    // Favourites first, then by name (the workspace breaks a tie between namesakes).
    const sorted = [...(list ?? [])].sort(
      (a, b) =>
        rank(a) - rank(b) || a.name.localeCompare(b.name) || a.connectionId.localeCompare(b.connectionId),
    )
    if (!needle) return sorted
    return sorted.filter(
      (p) =>
        p.name.toLocaleLowerCase().includes(needle) ||
        nameOf(p.connectionId).toLocaleLowerCase().includes(needle),
    )
  }, [list, deferredFilter, nameOf, favourites.keys])

  const handleLaunched = (process: ProcessSummary, runId: string) => {
    // Control Room run ids are UUIDs: the first characters are enough to tell runs apart here.
    const shortId = runId.length > 12 ? `${runId.slice(0, 8)}…` : runId
    setConfirmation({ text: `Launched ${process.name} (run ${shortId}).`, runId, at: Date.now() })
    onLaunched(process, runId)
  }

  return (
    <Panel
      title="Processes"
      count={list?.length}
      className="processes-panel"
      busy={processes.loading || processes.refreshing}
      actions={
        <>
          <SearchInput label="Filter processes" placeholder="Filter" value={filter} onChange={setFilter} />
          <RefreshButton label="Refresh processes" busy={processes.refreshing} onClick={processes.reload} />
        </>
      }
    >
      {/* Always in the DOM so screen readers announce the text when it appears. */}
      <div className="launch-confirmation" role="status" aria-live="polite" aria-label="Launch status">
        {confirmation && (
          <p
            key={confirmation.at}
            className="launch-confirmation__text"
            data-launched-run-id={confirmation.runId}
          >
            {confirmation.text}
          </p>
        )}
      </div>
      {favourites.error !== undefined && (
        <ErrorBanner title="Could not change the favourites." error={favourites.error} />
      )}
      {processes.error !== undefined && (
        <ErrorBanner title="Could not load processes." error={processes.error} onRetry={processes.reload} />
      )}
      {processes.loading ? (
        <LoadingState label="Loading processes…" />
      ) : visible.length > 0 ? (
        <ul className="process-list">
          {visible.map((process) => (
            <ProcessRow
              key={`${process.connectionId}/${process.id}`}
              process={process}
              workspaceName={nameOf(process.connectionId)}
              production={isProduction(process.connectionId)}
              history={history.get(keyOf(process)) ?? NO_RUNS}
              favourite={favourites.keys.has(keyOf(process))}
              onToggleFavourite={favourites.pending ? undefined : () => favourites.toggle(process)}
              onLaunched={handleLaunched}
              onInsights={() => setInsightsFor(process)}
              {...(pendingFocus?.key === keyOf(process) && {
                focusLaunch: () => setSpentFocus(pendingFocus),
                launchWith: pendingFocus.launchWith,
              })}
            />
          ))}
        </ul>
      ) : list && list.length > 0 ? (
        <EmptyState title="No process matches the filter." />
      ) : processes.error === undefined ? (
        <EmptyState title={hasConnections ? 'No processes yet' : 'No workspaces connected'}>
          {hasConnections
            ? 'Processes you create in Control Room appear here.'
            : 'Add a workspace connection to see its processes.'}
        </EmptyState>
      ) : null}
      {insightsFor && (
        <Suspense fallback={null}>
          <ProcessInsights
            process={insightsFor}
            workspaceName={nameOf(insightsFor.connectionId)}
            runs={runs}
            onClose={() => setInsightsFor(undefined)}
          />
        </Suspense>
      )}
    </Panel>
  )
}
