/**
 * The window: top bar, then the Processes and Runs panes side by side (with the webhook inbox
 * below), or the local Control Room's admin view or Settings when the top bar chooses one. The runs
 * view stays mounted meanwhile, so coming back finds the feed and the open run as they were.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import type { RunToOpen } from '../../shared/bridge'
import type { ProcessSummary, RunSummary } from '../../shared/domain'
import { runKey } from '../../shared/runs'
import { isAuthError, useBridge } from './bridge'
import { AuthRequired } from './components/auth-required'
import { ErrorBanner, FailureBanners, LoadingState } from './components/feedback'
import { ProcessesPanel } from './components/processes-panel'
import { RoomAdminView } from './components/room-admin/room-admin-view'
import { RunsPanel } from './components/runs-panel'
import { SettingsView } from './components/settings/settings-view'
import { type AppView, TopBar } from './components/top-bar'
import { WebhookInboxPanel } from './components/webhook-inbox/webhook-inbox-panel'
import { useAppInfo } from './hooks/use-app-info'
import { useConnectionStatuses } from './hooks/use-connection-statuses'
import { useConnections } from './hooks/use-connections'
import { useEventStreamStatus } from './hooks/use-event-stream-status'
import { useProcesses } from './hooks/use-processes'
import { useRuns } from './hooks/use-runs'
import { countConnected, uniqueFailures } from './lib/failures'
import './styles/layout.css'

const HIGHLIGHT_MS = 8000

// The run detail (and its CSV parser) loads on first use: the window's first script stays small.
const RunDetail = lazy(() => import('./components/run-detail/run-detail'))

export function App() {
  const appInfo = useAppInfo()
  const connections = useConnections()
  const processes = useProcesses()
  const runs = useRuns()
  const statuses = useConnectionStatuses()
  const streamStatus = useEventStreamStatus()
  const [highlightKey, setHighlightKey] = useState<string | undefined>()
  const [openRun, setOpenRun] = useState<RunToOpen | undefined>()
  const [view, setView] = useState<AppView>('runs')
  const { api } = useBridge()
  const onOpenRun = useCallback(
    (run: RunSummary) => setOpenRun({ connectionId: run.connectionId, runId: run.id }),
    [],
  )
  const closeRun = useCallback(() => setOpenRun(undefined), [])

  // The launched run stands out long enough to be found, then becomes an ordinary row.
  useEffect(() => {
    if (!highlightKey) return
    const timer = setTimeout(() => setHighlightKey(undefined), HIGHLIGHT_MS)
    return () => clearTimeout(timer)
  }, [highlightKey])

  // The desktop app asks for a run when its notification or tray item is clicked: show it.
  useEffect(
    () =>
      api.on('run.open', (run) => {
        setHighlightKey(runKey({ connectionId: run.connectionId, id: run.runId }))
        setOpenRun(run)
        setView('runs')
      }),
    [api],
  )

  const failures = useMemo(
    () => uniqueFailures(processes.data?.failures ?? [], runs.failures),
    [processes.data, runs.failures],
  )
  const workspaces = useMemo(() => {
    if (!connections.data) return undefined
    const ids = connections.data.map((c) => c.id)
    return { total: ids.length, connected: countConnected(ids, failures) }
  }, [connections.data, failures])

  const { reload: reloadRuns } = runs
  const onLaunched = useCallback(
    (process: ProcessSummary, runId: string) => {
      setHighlightKey(runKey({ connectionId: process.connectionId, id: runId }))
      // The run.updated event will follow, but a cloud watcher polls: fetch now so the run shows at once.
      reloadRuns()
    },
    [reloadRuns],
  )

  const errors = [appInfo.error, connections.error, processes.error, runs.error]
  if (streamStatus === 'unauthorized' || errors.some(isAuthError)) return <AuthRequired />

  return (
    <div className="app">
      <TopBar
        appInfo={appInfo.data}
        workspaces={workspaces}
        streamStatus={streamStatus}
        view={view}
        onView={setView}
      />
      <main className="app__main">
        {(connections.error !== undefined || failures.length > 0) && (
          <div className="app__banners">
            {connections.error !== undefined && (
              <ErrorBanner
                title="Could not load workspace connections."
                error={connections.error}
                onRetry={connections.reload}
              />
            )}
            <FailureBanners failures={failures} nameOf={connections.nameOf} />
          </div>
        )}
        {view === 'room' &&
          (connections.data ? (
            <RoomAdminView connectionId={connections.data.find((c) => c.kind === 'local')?.id} />
          ) : (
            <LoadingState label="Loading workspaces…" />
          ))}
        {view === 'settings' && <SettingsView />}
        <div className={`app__panes ${openRun ? 'app__panes--detail' : ''}`} hidden={view !== 'runs'}>
          <ProcessesPanel
            processes={processes}
            nameOf={connections.nameOf}
            hasConnections={(connections.data?.length ?? 1) > 0}
            onLaunched={onLaunched}
          />
          <RunsPanel
            runs={runs}
            nameOf={connections.nameOf}
            highlightKey={highlightKey}
            connections={connections.data ?? []}
            onOpen={onOpenRun}
            statuses={statuses}
            openKey={openRun && runKey({ connectionId: openRun.connectionId, id: openRun.runId })}
          />
          {openRun && (
            <Suspense fallback={<LoadingState label="Opening the run…" />}>
              <RunDetail
                run={openRun}
                connection={connections.data?.find((c) => c.id === openRun.connectionId)}
                workspaceName={connections.nameOf(openRun.connectionId)}
                onClose={closeRun}
              />
            </Suspense>
          )}
        </div>
        {view === 'runs' && <WebhookInboxPanel />}
      </main>
    </div>
  )
}
