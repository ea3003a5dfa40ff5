/**
 * One run in detail, beside the feed: its state and steps, console, work items and artifacts, and
 * Stop. Loaded on first use (React.lazy in app.tsx), so the window's initial script stays small.
 */
import { useEffect, useId, useRef, useState } from 'react'
import type { RunToOpen } from '../../../../shared/bridge'
import type { ConnectionSummary, JsonValue, RunSummary } from '../../../../shared/domain'
import { formatDuration } from '../../../../shared/duration'
import { RUN_DETAIL_PERMISSIONS } from '../../../../shared/run-detail'
import { isActiveRunState } from '../../../../shared/runs'
import { useNow } from '../../hooks/use-now'
import { useRunDetail } from '../../hooks/use-run-detail'
import { runDurationSeconds } from '../../lib/format'
import { missingPermission } from '../../lib/permission-reason'
import { ErrorBanner, LoadingState } from '../feedback'
import { StateBadge } from '../state-badge'
import { RunAgain } from './run-again'
import { RunArtifacts } from './run-artifacts'
import { RunConsole } from './run-console'
import { RunSteps } from './run-steps'
import { RunWorkItems } from './run-work-items'
import { StopRun } from './stop-run'
import '../panel.css'
import './run-detail.css'

const TABS = [
  { id: 'steps', label: 'Steps' },
  { id: 'console', label: 'Console' },
  { id: 'work-items', label: 'Work items' },
  { id: 'artifacts', label: 'Artifacts' },
] as const
type TabId = (typeof TABS)[number]['id']

interface RunDetailProps {
  run: RunToOpen
  connection: ConnectionSummary | undefined
  workspaceName: string
  onClose(): void
  /** Whether the run's process is in the processes list; Run again needs its row. */
  isListed?(run: RunSummary): boolean
  /** Launches the run's process again with this input, through its row. */
  onRunAgain?(run: RunSummary, payload: JsonValue | undefined): void
}

export default function RunDetail({
  run,
  connection,
  workspaceName,
  onClose,
  isListed,
  onRunAgain,
}: RunDetailProps) {
  const detail = useRunDetail(run)
  const [tab, setTab] = useState<TabId>('steps')
  const headingRef = useRef<HTMLHeadingElement>(null)
  const idPrefix = useId()
  const summary = detail.data?.run
  const active = summary ? isActiveRunState(summary.state) : false
  const now = useNow(1000, active)

  // Opening a run moves focus here, so keyboard users land in the detail they asked for.
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus again when another run opens
  useEffect(() => headingRef.current?.focus(), [run.connectionId, run.runId])

  const seconds = summary ? runDurationSeconds(summary, now) : null
  const denied = (permission: string) => missingPermission(connection, permission)

  return (
    <section
      className="panel run-detail"
      aria-labelledby={`${idPrefix}-title`}
      data-detail-run-id={run.runId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose()
      }}
    >
      <header className="run-detail__header">
        <div className="run-detail__title-line">
          <h2 id={`${idPrefix}-title`} className="run-detail__title" tabIndex={-1} ref={headingRef}>
            {summary?.processName ?? 'Run'}
          </h2>
          {summary && <StateBadge state={summary.state} />}
          <button
            type="button"
            className="button button--ghost button--icon run-detail__close"
            aria-label="Close run detail"
            title="Close (Esc)"
            onClick={onClose}
          >
            ×
          </button>
        </div>
        <dl className="run-detail__facts">
          <div>
            <dt>Workspace</dt>
            <dd>{workspaceName}</dd>
          </div>
          <div>
            <dt>Run</dt>
            <dd>
              <code>{run.runId}</code>
            </dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd>{seconds === null ? '—' : formatDuration(seconds)}</dd>
          </div>
        </dl>
        <div className="run-detail__actions">
          {summary && (
            <StopRun
              run={run}
              active={active && summary.state !== 'stopping'}
              deniedReason={denied(RUN_DETAIL_PERMISSIONS.stop)}
            />
          )}
          {summary && onRunAgain && (
            <RunAgain
              run={run}
              processName={summary.processName}
              deniedReason={denied(RUN_DETAIL_PERMISSIONS.workItems)}
              listed={isListed?.(summary) ?? true}
              onRunAgain={(payload) => onRunAgain(summary, payload)}
            />
          )}
          {detail.data?.webUrl && (
            <a
              className="button button--small"
              href={detail.data.webUrl}
              target="_blank"
              rel="noreferrer noopener"
            >
              Open in Control Room
            </a>
          )}
        </div>
      </header>
      {detail.error !== undefined && detail.error !== null && (
        <ErrorBanner
          title="Could not load the run."
          error={detail.error}
          onRetry={() => void detail.refetch()}
        />
      )}
      {detail.isPending ? (
        <LoadingState label="Loading run…" />
      ) : detail.data ? (
        <>
          <div className="run-detail__tabs" role="tablist" aria-label="Run detail">
            {TABS.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                id={`${idPrefix}-tab-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls={`${idPrefix}-panel`}
                tabIndex={tab === t.id ? 0 : -1}
                className="run-detail__tab"
                onClick={() => setTab(t.id)}
                onKeyDown={(event) => {
                  const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
                  if (!step) return
                  const index = (TABS.findIndex((x) => x.id === tab) + step + TABS.length) % TABS.length
                  setTab(TABS[index]?.id ?? 'steps')
                  document.getElementById(`${idPrefix}-tab-${TABS[index]?.id}`)?.focus()
                }}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div
            className="run-detail__panel"
            role="tabpanel"
            id={`${idPrefix}-panel`}
            aria-labelledby={`${idPrefix}-tab-${tab}`}
          >
            {tab === 'steps' && <RunSteps detail={detail.data} />}
            {tab === 'console' && (
              <RunConsole
                connectionId={run.connectionId}
                stepRuns={detail.data.stepRuns}
                deniedReason={denied(RUN_DETAIL_PERMISSIONS.console)}
              />
            )}
            {tab === 'work-items' && (
              <RunWorkItems
                run={run}
                active={active}
                deniedReason={denied(RUN_DETAIL_PERMISSIONS.workItems)}
              />
            )}
            {tab === 'artifacts' && (
              <RunArtifacts
                run={run}
                active={active}
                deniedReason={denied(RUN_DETAIL_PERMISSIONS.artifacts)}
              />
            )}
          </div>
        </>
      ) : null}
    </section>
  )
}
