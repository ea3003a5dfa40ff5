/**
 * Removing a workspace, after a confirmation that says what goes with it (its key and credential,
 * from this computer only). The local room's own connection cannot be removed: the button is
 * disabled and says why, as the core would answer (local_connection).
 */
import type { ConnectionSummary } from '../../../../shared/domain'
import type { WorkspaceAdmin } from '../../hooks/use-workspace-admin'
import { RemoveButton } from '../forms/remove-button'

const LOCAL_REASON = 'The local Control Room is part of Robodeck and cannot be removed.'

interface RemoveWorkspaceProps {
  connection: ConnectionSummary
  remove: WorkspaceAdmin['remove']
}

export function RemoveWorkspace({ connection, remove }: RemoveWorkspaceProps) {
  return (
    <RemoveButton
      verb="Remove"
      kind="workspace"
      name={connection.name}
      confirm="Remove workspace"
      refusedBecause={connection.kind === 'local' ? LOCAL_REASON : undefined}
      onConfirm={() => remove(connection.id)}
    >
      <p>
        Robodeck stops watching it and deletes its API key
        {connection.credentialUser ? ' and access credential' : ''} from this computer. The workspace itself
        is not changed.
      </p>
    </RemoveButton>
  )
}
