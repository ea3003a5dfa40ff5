/**
 * The Workspaces page: every connected workspace (the local room's included) with its state, key,
 * credential and permissions, each renamed, marked as production or removed in place; and the
 * form that adds a Control Room workspace. Secrets are typed here but never come back.
 */
import { useConnectionStatuses } from '../../hooks/use-connection-statuses'
import { useConnections } from '../../hooks/use-connections'
import { useNow } from '../../hooks/use-now'
import { useWorkspaceAdmin } from '../../hooks/use-workspace-admin'
import { EmptyState, ErrorBanner, LoadingState } from '../feedback'
import { Panel, RefreshButton } from '../panel'
import { AddWorkspaceForm } from './add-workspace-form'
import { WorkspaceCard } from './workspace-card'
import './workspaces.css'

export function WorkspacesView() {
  const connections = useConnections()
  const statuses = useConnectionStatuses()
  const admin = useWorkspaceAdmin()
  const list = connections.data ?? []
  // "synced 4 s ago" ticks while the page is shown.
  const now = useNow(1000, list.length > 0)

  return (
    <Panel
      title="Workspaces"
      className="workspaces"
      count={connections.data?.length}
      busy={connections.loading || connections.refreshing}
      actions={
        <RefreshButton onClick={connections.reload} busy={connections.refreshing} label="Reload workspaces" />
      }
    >
      {connections.error !== undefined && (
        <ErrorBanner
          title="Could not read the workspace connections."
          error={connections.error}
          onRetry={connections.reload}
        />
      )}
      <div className="workspaces__layout">
        {connections.loading ? (
          <LoadingState label="Reading the workspaces…" />
        ) : list.length === 0 ? (
          <EmptyState title="No workspaces yet.">Add a Control Room workspace with the form.</EmptyState>
        ) : (
          <ul className="workspaces__list" aria-label="Connected workspaces">
            {list.map((connection) => (
              <li key={connection.id}>
                <WorkspaceCard
                  connection={connection}
                  status={statuses.get(connection.id)}
                  nowMs={now}
                  admin={admin}
                />
              </li>
            ))}
          </ul>
        )}
        <AddWorkspaceForm add={admin.add} />
      </div>
    </Panel>
  )
}
