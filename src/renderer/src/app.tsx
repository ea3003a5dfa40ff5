/** The window: top bar, then the Processes and Runs panes side by side. */
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ProcessSummary } from '../../shared/domain'
import { runKey } from '../../shared/runs'
import { isAuthError, useBridge } from './bridge'
import { AuthRequired } from './components/auth-required'
import { ErrorBanner, FailureBanners } from './components/feedback'
import { ProcessesPanel } from './components/processes-panel'
import { RunsPanel } from './components/runs-panel'
import { TopBar } from './components/top-bar'
import { WebhookInboxPanel } from './components/webhook-inbox/webhook-inbox-panel'
import { useAppInfo } from './hooks/use-app-info'
import { useConnections } from './hooks/use-connections'
import { useEventStreamStatus } from './hooks/use-event-stream-status'
import { useProcesses } from './hooks/use-processes'
import { useRuns } from './hooks/use-runs'
import { countConnected, uniqueFailures } from './lib/failures'
import './styles/layout.css'

const HIGHLIGHT_MS = 8000

export function App() {
  const appInfo = useAppInfo()
  const connections = useConnections()
  const processes = useProcesses()
  const runs = useRuns()
  const streamStatus = useEventStreamStatus()
  const [highlightKey, setHighlightKey] = useState<string | undefined>()
  const { api } = useBridge()

  // The launched run stands out long enough to be found, then becomes an ordinary row.
  useEffect(() => {
    if (!highlightKey) return
    const timer = setTimeout(() => setHighlightKey(undefined), HIGHLIGHT_MS)
    return () => clearTimeout(timer)
  }, [highlightKey])

  // The desktop app asks for a run when its notification or tray item is clicked: show it.
  useEffect(
    () =>
      api.on('run.open', ({ connectionId, runId }) => setHighlightKey(runKey({ connectionId, id: runId }))),
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
      <TopBar appInfo={appInfo.data} workspaces={workspaces} streamStatus={streamStatus} />
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
        <div className="app__panes">
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
          />
        </div>
        <WebhookInboxPanel />
      </main>
    </div>
  )
}
