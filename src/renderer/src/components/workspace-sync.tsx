/**
 * Per workspace, how current its runs are: "synced 4 s ago", or why not (offline, key rejected,
 * key needed, rate limited, another error), with the watcher's message as the tooltip.
 */
import type { ConnectionHealth, ConnectionStatus, ConnectionSummary } from '../../../shared/domain'
import { useNow } from '../hooks/use-now'

const PROBLEMS: Record<Exclude<ConnectionHealth, 'ok'>, string> = {
  offline: 'offline',
  key_rejected: 'key rejected',
  key_needed: 'key needed',
  rate_limited: 'rate limited',
  error: 'error',
}

/** "synced 4 s ago", "synced 3 min ago", "not synced yet". */
export function syncedAgo(lastSyncedAt: string | null, nowMs: number): string {
  if (!lastSyncedAt) return 'not synced yet'
  const seconds = Math.max(0, Math.round((nowMs - Date.parse(lastSyncedAt)) / 1000))
  if (Number.isNaN(seconds)) return 'not synced yet'
  if (seconds < 60) return `synced ${seconds} s ago`
  if (seconds < 3600) return `synced ${Math.floor(seconds / 60)} min ago`
  return `synced ${Math.floor(seconds / 3600)} h ago`
}

/** How a workspace's sync reads: its health, the problem's words if any, and when it last synced. */
export function syncState(status: ConnectionStatus | undefined, nowMs: number) {
  const health = status?.health ?? 'ok'
  const problem = health === 'ok' ? undefined : PROBLEMS[health]
  const lastSyncedAt = status?.lastSyncedAt ?? null
  return {
    health,
    /** The problem, or "synced 4 s ago" when there is none. */
    text: problem ?? syncedAgo(lastSyncedAt, nowMs),
    /** When a workspace with a problem last synced, if it ever did. */
    since: problem && lastSyncedAt ? syncedAgo(lastSyncedAt, nowMs) : undefined,
  }
}

interface WorkspaceSyncProps {
  connections: readonly ConnectionSummary[]
  statuses: ReadonlyMap<string, ConnectionStatus>
}

export function WorkspaceSync({ connections, statuses }: WorkspaceSyncProps) {
  const now = useNow(1000, connections.length > 0)
  if (connections.length === 0) return null
  return (
    <ul className="workspace-sync" aria-label="Workspace sync">
      {connections.map((connection) => {
        const status = statuses.get(connection.id)
        const { health, text, since } = syncState(status, now)
        return (
          <li
            key={connection.id}
            className={`workspace-sync__item workspace-sync__item--${health}`}
            data-sync-connection-id={connection.id}
            data-health={health}
            title={status?.message ?? undefined}
          >
            <span className="workspace-sync__dot" aria-hidden="true" />
            <span className="workspace-sync__name">{connection.name}</span>{' '}
            <span className="workspace-sync__state">{text}</span>
            {since && <span className="workspace-sync__since"> · {since}</span>}
          </li>
        )
      })}
    </ul>
  )
}
