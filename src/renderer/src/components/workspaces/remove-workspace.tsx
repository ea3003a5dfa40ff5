/**
 * Removing a workspace, after a confirmation that says what goes with it (its key and credential,
 * from this computer only). The local room's own connection cannot be removed: the button is
 * disabled and says why, as the core would answer (local_connection).
 */
import { useId, useState } from 'react'
import type { ConnectionSummary } from '../../../../shared/domain'
import { useAction } from '../../hooks/use-action'
import type { WorkspaceAdmin } from '../../hooks/use-workspace-admin'
import { ErrorBanner } from '../feedback'

const LOCAL_REASON = 'The local Control Room is part of Robodeck and cannot be removed.'

interface RemoveWorkspaceProps {
  connection: ConnectionSummary
  remove: WorkspaceAdmin['remove']
}

export function RemoveWorkspace({ connection, remove }: RemoveWorkspaceProps) {
  const [confirming, setConfirming] = useState(false)
  const action = useAction()
  const reasonId = useId()
  const local = connection.kind === 'local'

  return (
    <div className="remove-workspace">
      <button
        type="button"
        className="button button--small button--danger"
        aria-label={`Remove ${connection.name}…`}
        aria-expanded={confirming}
        aria-describedby={local ? reasonId : undefined}
        disabled={local}
        onClick={() => setConfirming((value) => !value)}
      >
        Remove…
      </button>
      {local && (
        <span id={reasonId} className="remove-workspace__reason">
          {LOCAL_REASON}
        </span>
      )}
      {confirming && !local && (
        <fieldset className="remove-workspace__confirm">
          <legend>Remove “{connection.name}”?</legend>
          <p>
            Robodeck stops watching it and deletes its API key
            {connection.credentialUser ? ' and access credential' : ''} from this computer. The workspace
            itself is not changed.
          </p>
          <div className="remove-workspace__buttons">
            <button
              type="button"
              className="button button--small button--danger"
              disabled={action.pending}
              onClick={() => void action.run(() => remove(connection.id))}
            >
              {action.pending ? 'Removing…' : 'Remove workspace'}
            </button>
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => {
                setConfirming(false)
                action.clearError()
              }}
            >
              Cancel
            </button>
          </div>
        </fieldset>
      )}
      {action.error !== undefined && <ErrorBanner title="Not removed." error={action.error} />}
    </div>
  )
}
