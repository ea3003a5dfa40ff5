/**
 * A workspace's API key on its card: the masked suffix, where the key is kept, and for a cloud
 * workspace a form to enter it again or replace it (connections.setKey, which checks the key as
 * adding does). "Enter key…" when the key is needed (it no longer decrypts, or was kept in memory
 * only) or Control Room rejects it; "Replace key…" otherwise. The local room's key is issued by the
 * room at every start, so it has no form.
 */
import type { ConnectionStatus, ConnectionSummary } from '../../../../shared/domain'
import type { WorkspaceAdmin } from '../../hooks/use-workspace-admin'
import { SecretEntry } from './secret-entry'

const KEY_STATES: Record<ConnectionSummary['keyState'], string> = {
  stored: 'kept in the vault',
  memory: 'kept in memory only: it is asked for again after a restart',
  needed: 'needed: the stored key can no longer be read',
}

interface WorkspaceKeyProps {
  connection: ConnectionSummary
  status: ConnectionStatus | undefined
  setKey: WorkspaceAdmin['setKey']
}

/** True when the person has to give the key again before the workspace can be read. */
export const keyMissing = (connection: ConnectionSummary, status: ConnectionStatus | undefined) =>
  connection.keyState === 'needed' || status?.health === 'key_needed' || status?.health === 'key_rejected'

export function WorkspaceKey({ connection, status, setKey }: WorkspaceKeyProps) {
  const verb = keyMissing(connection, status) ? 'Enter' : 'Replace'
  return (
    <div className="workspace-key">
      <span>
        {connection.keySuffix ? (
          <>
            ending in <code>{connection.keySuffix}</code>
          </>
        ) : (
          'none'
        )}
        , {KEY_STATES[connection.keyState]}
      </span>{' '}
      {connection.kind === 'cloud' && (
        <SecretEntry
          save={(apiKey) => setKey(connection.id, apiKey)}
          text={{
            open: `${verb} key…`,
            openLabel: `${verb} the API key of ${connection.name}`,
            form: `${verb} the API key of ${connection.name}`,
            field: 'API key',
            hint: 'Control Room: Integrations → API keys. Checked against the workspace, then kept in the vault.',
            empty: 'Enter the API key.',
            submit: 'Save key',
            pending: 'Checking…',
            failed: 'Key not changed.',
          }}
        />
      )}
    </div>
  )
}
