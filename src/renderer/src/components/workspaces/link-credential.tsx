/**
 * The workspace's user access credential: whose it is, or a form to link one (SecretEntry). The core
 * verifies it with a signed request before keeping it.
 */
import type { ConnectionSummary } from '../../../../shared/domain'
import type { WorkspaceAdmin } from '../../hooks/use-workspace-admin'
import { SecretEntry } from './secret-entry'

interface LinkCredentialProps {
  connection: ConnectionSummary
  link: WorkspaceAdmin['linkCredential']
}

export function LinkCredential({ connection, link }: LinkCredentialProps) {
  const linked = connection.credentialUser
  return (
    <div className="link-credential">
      <span>{linked ? <>Linked: {linked}</> : 'None linked.'}</span>{' '}
      <SecretEntry
        save={(credential) => link(connection.id, credential)}
        text={{
          open: linked ? 'Replace…' : 'Link…',
          openLabel: `${linked ? 'Replace' : 'Link'} the access credential of ${connection.name}`,
          form: `Link an access credential to ${connection.name}`,
          field: 'Access credential',
          hint: 'Control Room: Settings → Access credentials. Verified, then kept in the vault.',
          empty: 'Enter the access credential.',
          submit: 'Link credential',
          pending: 'Verifying…',
          failed: 'Not linked.',
        }}
      />
    </div>
  )
}
