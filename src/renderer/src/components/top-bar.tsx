/**
 * The window's title bar: app name, the views (the runs, the workspaces, the local Control Room's
 * admin), how many workspaces answer, live-update and security status.
 */
import type { AppInfo } from '../../../shared/domain'
import type { EventStreamStatus } from '../bridge'
import { plural } from '../lib/format'
import { ON_MAC, paletteKeys, viewAriaKeys, viewKeys } from '../lib/shortcuts'
import './top-bar.css'

/** The window's views: the runs (processes, feed, inbox), the workspaces, the local room's admin, Settings. */
export type AppView = 'runs' | 'workspaces' | 'room' | 'settings'

export const VIEWS: { view: AppView; label: string }[] = [
  { view: 'runs', label: 'Runs' },
  { view: 'workspaces', label: 'Workspaces' },
  { view: 'room', label: 'Local Control Room' },
  { view: 'settings', label: 'Settings' },
]

interface TopBarProps {
  appInfo: AppInfo | undefined
  /** undefined while the connection list loads. */
  workspaces: { total: number; connected: number } | undefined
  streamStatus: EventStreamStatus
  view: AppView
  onView(view: AppView): void
  onOpenPalette(): void
}

/** What the palette's shortcut is called on this OS. */

export function TopBar({ appInfo, workspaces, streamStatus, view, onView, onOpenPalette }: TopBarProps) {
  return (
    <header className="top-bar">
      <h1 className="top-bar__title">
        <span className="top-bar__logo" aria-hidden="true" />
        Robodeck
      </h1>
      <nav className="top-bar__views" aria-label="Views">
        {VIEWS.map((item, index) => (
          <button
            key={item.view}
            type="button"
            className="button button--small button--ghost top-bar__view"
            aria-pressed={view === item.view}
            aria-keyshortcuts={viewAriaKeys(index)}
            title={`${item.label} (${viewKeys(index, ON_MAC)})`}
            onClick={() => onView(item.view)}
          >
            {item.label}
          </button>
        ))}
      </nav>
      <button
        type="button"
        className="button button--small button--ghost top-bar__palette"
        aria-keyshortcuts="Control+K Meta+K"
        onClick={onOpenPalette}
      >
        Commands <kbd className="top-bar__keys">{paletteKeys(ON_MAC)}</kbd>
      </button>
      <div className="top-bar__status">
        <WorkspaceStatus workspaces={workspaces} />
        {streamStatus === 'reconnecting' && (
          <span className="chip chip--warning" role="status">
            Live updates interrupted — reconnecting…
          </span>
        )}
        {appInfo && !appInfo.secretStorageSecure && (
          <SecretStorageChip backend={appInfo.secretStorage} memoryOnly={appInfo.secretsInMemoryOnly} />
        )}
      </div>
      {appInfo && (
        <span className="top-bar__version" title={`Robodeck ${appInfo.version}, ${appInfo.mode} mode`}>
          v{appInfo.version}
          {appInfo.mode === 'web' && ' · web'}
        </span>
      )}
    </header>
  )
}

function WorkspaceStatus({ workspaces }: { workspaces: TopBarProps['workspaces'] }) {
  if (!workspaces) return <span className="chip">Loading workspaces…</span>
  const { total, connected } = workspaces
  if (total === 0) return <span className="chip chip--muted">No workspaces</span>
  const allGood = connected === total
  return (
    <span
      className={`chip ${allGood ? 'chip--ok' : 'chip--warning'}`}
      data-connected={connected}
      data-total={total}
    >
      <span className="chip__dot" aria-hidden="true" />
      {allGood
        ? `${plural(total, 'workspace')} connected`
        : `${connected} of ${plural(total, 'workspace')} connected`}
    </span>
  )
}

/** A disclosure rather than a tooltip, so the explanation is reachable by keyboard and touch. */
function SecretStorageChip({ backend, memoryOnly }: { backend: string; memoryOnly: boolean }) {
  return (
    <details className="chip chip--warning chip--disclosure">
      <summary>{memoryOnly ? 'Keys kept in memory only' : 'Secrets not encrypted'}</summary>
      <div className="chip__popover" role="note">
        {memoryOnly ? (
          <>
            This system offers no secure secret storage (backend: <code>{backend}</code>), so Robodeck keeps
            API keys in memory only: you will enter them again after a restart, unless you allow plain-text
            storage.
          </>
        ) : (
          <>
            This system offers no secure secret storage (backend: <code>{backend}</code>), so API keys are
            only obfuscated on disk, not encrypted. Anyone who can read your files can recover them.
          </>
        )}
      </div>
    </details>
  )
}
