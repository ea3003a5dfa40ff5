/**
 * Removing a workspace, after a confirmation that says what goes with it (its key and credential,
 * from this computer only). The local room's own connection cannot be removed: the button is
 * disabled and says why, as the core would answer (local_connection).
 */
import type { ConnectionSummary } from '../../../../shared/domain'
import type { WorkspaceAdmin } from '../../hooks/use-workspace-admin'
import { ConfirmButton } from '../forms/confirm-button'

const LOCAL_REASON = 'The local Control Room is part of Robodeck and cannot be removed.'

interface RemoveWorkspaceProps {
  connection: ConnectionSummary
  remove: WorkspaceAdmin['remove']
}

export function RemoveWorkspace({ connection, remove }: RemoveWorkspaceProps) {
  return (
    <ConfirmButton
      label="Remove…"
      name={`Remove ${connection.name}…`}
      refusedBecause={connection.kind === 'local' ? LOCAL_REASON : undefined}
      question={`Remove “${connection.name}”?`}
      confirm="Remove workspace"
      pending="Removing…"
      failed="Not removed."
      onConfirm={() => remove(connection.id)}
    >
      <p>
        Robodeck stops watching it and deletes its API key
        {connection.credentialUser ? ' and access credential' : ''} from this computer. The workspace itself
        is not changed.
      </p>
    </ConfirmButton>
  )
}
