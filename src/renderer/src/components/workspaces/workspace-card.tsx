/**
 * One connected workspace on the Workspaces page: its name (renamed in place) and production mark,
 * how current its runs are, where it is, its key (the masked suffix, where it is kept, entered again
 * or replaced), its access credential, what the key may do, and removal.
 */
import { useState } from 'react'
import type { ConnectionStatus, ConnectionSummary } from '../../../../shared/domain'
import { useAction } from '../../hooks/use-action'
import type { WorkspaceAdmin } from '../../hooks/use-workspace-admin'
import { ErrorBanner } from '../feedback'
import { syncState } from '../workspace-sync'
import { LinkCredential } from './link-credential'
import { PermissionList } from './permission-list'
import { RemoveWorkspace } from './remove-workspace'
import { WorkspaceKey } from './workspace-key'
import { WorkspaceName } from './workspace-name'

interface WorkspaceCardProps {
  connection: ConnectionSummary
  status: ConnectionStatus | undefined
  nowMs: number
  admin: WorkspaceAdmin
}

export function WorkspaceCard({ connection, status, nowMs, admin }: WorkspaceCardProps) {
  const production = useAction()
  // What was asked, shown while the core saves it: the box follows the click at once.
  const [askedProduction, setAskedProduction] = useState<boolean | undefined>()
  const sync = syncState(status, nowMs)
  const { name } = connection
  return (
    <article className="workspace-card" aria-label={name} data-connection-id={connection.id}>
      <WorkspaceName connection={connection} rename={admin.rename} />
      <p className={`workspace-card__health is-${sync.health}`} data-health={sync.health}>
        <span className="workspace-card__dot" aria-hidden="true" />
        {sync.text}
        {sync.since && ` · last ${sync.since}`}
        {status?.message && sync.health !== 'ok' && (
          <span className="workspace-card__message"> — {status.message}</span>
        )}
      </p>
      <dl className="workspace-card__facts">
        <dt>API URL</dt>
        <dd>
          <code>{connection.apiUrl}</code>
          {connection.kind === 'local' && ' (this computer’s local Control Room)'}
        </dd>
        <dt>Workspace id</dt>
        <dd>
          <code>{connection.workspaceId}</code>
        </dd>
        <dt>API key</dt>
        <dd data-key-state={connection.keyState}>
          <WorkspaceKey connection={connection} status={status} setKey={admin.setKey} />
        </dd>
        <dt>Access credential</dt>
        <dd>
          <LinkCredential connection={connection} link={admin.linkCredential} />
        </dd>
        <dt>Permissions</dt>
        <dd>
          <PermissionList permissions={connection.permissions} label={`Permissions of ${name}`} />
          <span className="workspace-card__hint">
            Read permissions are found when the workspace is added; write permissions are learned the first
            time Robodeck uses them.
          </span>
        </dd>
      </dl>
      <div className="workspace-card__actions">
        <label className="workspace-card__production">
          <input
            type="checkbox"
            checked={askedProduction ?? connection.production}
            disabled={production.pending}
            onChange={(event) => {
              const next = event.target.checked
              setAskedProduction(next)
              void production
                .run(() => admin.setProduction(connection.id, next))
                .finally(() => setAskedProduction(undefined))
            }}
          />
          Production workspace
        </label>
        <RemoveWorkspace connection={connection} remove={admin.remove} />
      </div>
      {production.error !== undefined && (
        <ErrorBanner title="The production mark was not changed." error={production.error} />
      )}
    </article>
  )
}
