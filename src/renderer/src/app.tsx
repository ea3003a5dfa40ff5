/**
 * The window: top bar, then the Processes and Runs panes side by side (with the webhook inbox
 * below), or the Workspaces page, the local Control Room's admin view or Settings when the top bar
 * chooses one. The runs view stays mounted meanwhile, so coming back finds the feed and the open
 * run as they were.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import type { RunToOpen } from '../../shared/bridge'
import type { JsonValue, ProcessSummary, RunSummary } from '../../shared/domain'
import { localRoomDocsUrl } from '../../shared/local-room-bootstrap'
import { runKey } from '../../shared/runs'
import { isAuthError, useBridge } from './bridge'
import { AuthRequired } from './components/auth-required'
import { PaletteHost } from './components/command-palette/palette-host'
import { ErrorBanner, FailureBanners, LoadingState } from './components/feedback'
import { type LaunchFocus, ProcessesPanel } from './components/processes-panel'
import { RoomAdminView } from './components/room-admin/room-admin-view'
import { RunsPanel } from './components/runs-panel'
import { SettingsView } from './components/settings/settings-view'
import { type AppView, TopBar, VIEWS } from './components/top-bar'
import { WebhookInboxPanel } from './components/webhook-inbox/webhook-inbox-panel'
import { WorkspacesView } from './components/workspaces/workspaces-view'
import { useAppInfo } from './hooks/use-app-info'
import { useConnectionStatuses } from './hooks/use-connection-statuses'
import { useConnections } from './hooks/use-connections'
import { useEventStreamStatus } from './hooks/use-event-stream-status'
import { useProcesses } from './hooks/use-processes'
import { useRuns } from './hooks/use-runs'
import { useShortcuts } from './hooks/use-shortcuts'
import { countConnected, uniqueFailures } from './lib/failures'
import type { PaletteAction } from './lib/palette-commands'
import { processKeyOf } from './lib/run-filter'
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
  const [paletteOpen, setPaletteOpen] = useState(false)
  /** A process whose Launch button the palette asked for (a new object each time, to ask again). */
  const [launchFocus, setLaunchFocus] = useState<LaunchFocus | undefined>()
  const { api } = useBridge()
  const onOpenRun = useCallback(
    (run: RunSummary) => setOpenRun({ connectionId: run.connectionId, runId: run.id }),
    [],
  )
  const closeRun = useCallback(() => setOpenRun(undefined), [])
  // The run detail takes the Processes pane's place: it closes so the asked-for row is in view.
  const showLaunch = useCallback((focus: LaunchFocus) => {
    setOpenRun(undefined)
    setLaunchFocus(focus)
  }, [])
  // Run again launches through the process's row, the one path every launch takes.
  const runAgain = useCallback(
    (run: RunSummary, payload: JsonValue | undefined) =>
      showLaunch({ key: processKeyOf(run), launchWith: { payload } }),
    [showLaunch],
  )
  const isListed = useCallback(
    (run: RunSummary) =>
      processes.data?.processes.some((p) => p.connectionId === run.connectionId && p.id === run.processId) ??
      false,
    [processes.data],
  )

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

  const localConnection = connections.data?.find((c) => c.kind === 'local')
  const failures = useMemo(
    () => uniqueFailures(processes.data?.failures ?? [], runs.failures),
    [processes.data, runs.failures],
  )
  const workspaces = useMemo(() => {
    if (!connections.data) return undefined
    const ids = connections.data.map((c) => c.id)
    return { total: ids.length, connected: countConnected(ids, failures, statuses) }
  }, [connections.data, failures, statuses])

  // A removed workspace's runs leave the feed with it: the feed merges answers, so a reload alone
  // would keep them. The same array while every run's workspace is known, so nothing re-filters.
  const feedRuns = useMemo(() => {
    if (!connections.data) return runs.runs
    const known = new Set(connections.data.map((c) => c.id))
    return runs.runs.every((run) => known.has(run.connectionId))
      ? runs.runs
      : runs.runs.filter((run) => known.has(run.connectionId))
  }, [runs.runs, connections.data])

  const { reload: reloadRuns } = runs
  const onLaunched = useCallback(
    (process: ProcessSummary, runId: string) => {
      setHighlightKey(runKey({ connectionId: process.connectionId, id: runId }))
      // The run.updated event will follow, but a cloud watcher polls: fetch now so the run shows at once.
      reloadRuns()
    },
    [reloadRuns],
  )

  useShortcuts(VIEWS, (shortcut) => {
    if (shortcut.kind === 'palette') setPaletteOpen((open) => !open)
    else if (shortcut.kind === 'view') setView(shortcut.view)
    else {
      setView('runs')
      // Once the runs view shows again (it stays mounted, hidden): the field that declares "/".
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-keyshortcuts="/"]')?.focus())
    }
  })
  const paletteSources = useMemo(
    () => ({
      views: VIEWS,
      processes: processes.data?.processes ?? [],
      runs: feedRuns,
      nameOf: connections.nameOf,
      runOpen: openRun !== undefined,
    }),
    [processes.data, feedRuns, connections.nameOf, openRun],
  )
  const { reload: reloadProcesses } = processes
  const onPaletteAction = useCallback(
    (action: PaletteAction<AppView>) => {
      if (action.kind === 'view') setView(action.view)
      else if (action.kind === 'refresh') {
        reloadRuns()
        reloadProcesses()
      } else if (action.kind === 'close-run') setOpenRun(undefined)
      else {
        setView('runs')
        if (action.kind === 'open-run')
          setOpenRun({ connectionId: action.run.connectionId, runId: action.run.id })
        else showLaunch({ key: processKeyOf({ ...action.process, processId: action.process.id }) })
      }
    },
    [reloadRuns, reloadProcesses, showLaunch],
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
        onOpenPalette={() => setPaletteOpen(true)}
      />
      <PaletteHost
        open={paletteOpen}
        onOpenChange={setPaletteOpen}
        sources={paletteSources}
        onAction={onPaletteAction}
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
        {view === 'workspaces' && <WorkspacesView />}
        {view === 'room' &&
          (connections.data ? (
            <RoomAdminView
              connectionId={localConnection?.id}
              docsUrl={localConnection && localRoomDocsUrl(localConnection.apiUrl)}
            />
          ) : (
            <LoadingState label="Loading workspaces…" />
          ))}
        {view === 'settings' && <SettingsView />}
        <div className={`app__panes ${openRun ? 'app__panes--detail' : ''}`} hidden={view !== 'runs'}>
          <ProcessesPanel
            processes={processes}
            nameOf={connections.nameOf}
            isProduction={connections.isProduction}
            hasConnections={(connections.data?.length ?? 1) > 0}
            runs={feedRuns}
            onLaunched={onLaunched}
            launchFocus={launchFocus}
          />
          <RunsPanel
            runs={feedRuns === runs.runs ? runs : { ...runs, runs: feedRuns }}
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
                isListed={isListed}
                onRunAgain={runAgain}
              />
            </Suspense>
          )}
        </div>
        {view === 'runs' && <WebhookInboxPanel />}
      </main>
    </div>
  )
}
