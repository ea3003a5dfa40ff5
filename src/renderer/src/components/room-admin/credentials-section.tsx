/**
 * The room owner's user access credentials (what rcc and the VS Code extension are linked with):
 * the list, Create (a name; the `<id>:<secret>` string shown once, in this section's state only,
 * dropped on Done or when the section is left) and Revoke after a confirmation. The credential
 * Robodeck itself signs with cannot be revoked here, and says why.
 */
import { useState } from 'react'
import type { RoomCredential } from '../../../../shared/room-keys'
import { useAction } from '../../hooks/use-action'
import { type RoomCredentials, useRoomCredentials } from '../../hooks/use-room-keys'
import { EmptyState, ErrorBanner, LoadingState } from '../feedback'
import { PendingButton } from '../forms/action-buttons'
import { CheckedForm } from '../forms/checked-form'
import { FormField } from '../forms/form-field'
import { RemoveButton } from '../forms/remove-button'
import { RefreshButton } from '../panel'
import { useAddWithSecret } from './add-with-secret'
import { SecretHolderSummary } from './secret-holder-summary'

const OWN_CREDENTIAL_REASON =
  'Robodeck itself signs with this credential to manage the local Control Room: revoking it would end this page’s access.'

export function CredentialsSection({ connectionId }: { connectionId: string }) {
  const admin = useRoomCredentials(connectionId)
  const { credentials } = admin
  const add = useAddWithSecret(
    'Copy it now: the room shows it this once and never again (link rcc or the VS Code extension with it).',
  )
  return (
    <div className="room-keys">
      <div className="room-keys__toolbar">
        <CreateCredential
          create={async (label) => {
            const answer = await admin.create(label)
            add.created(`Access credential “${answer.credential.label}” created.`, answer.secret)
          }}
        />
        <RefreshButton
          onClick={credentials.reload}
          busy={credentials.refreshing}
          label="Reload credentials"
        />
      </div>
      {add.secretOnce}
      {credentials.error !== undefined && (
        <ErrorBanner
          title="Could not read the access credentials."
          error={credentials.error}
          onRetry={credentials.reload}
        />
      )}
      {credentials.loading ? (
        <LoadingState label="Reading the access credentials…" />
      ) : credentials.data?.length ? (
        <ul className="room-keys__list" aria-label="Access credentials">
          {credentials.data.map((credential) => (
            <CredentialItem key={credential.id} credential={credential} revoke={admin.revoke} />
          ))}
        </ul>
      ) : (
        credentials.error === undefined && <EmptyState title="No access credentials." />
      )}
    </div>
  )
}

function CreateCredential({ create }: { create(label: string): Promise<void> }) {
  const [label, setLabel] = useState('')
  const [problem, setProblem] = useState<string | undefined>()
  const action = useAction()
  const submit = async () => {
    setProblem(label.trim() ? undefined : 'Give the credential a name.')
    if (!label.trim()) return
    await action.run(async () => {
      await create(label.trim())
      setLabel('')
    })
  }
  return (
    <CheckedForm className="room-keys__create" aria-label="New access credential" onSubmit={submit}>
      <FormField
        label="Name"
        value={label}
        maxLength={200}
        problem={problem}
        onChange={(event) => setLabel(event.target.value)}
      />
      <PendingButton pending={action.pending} label="Create credential" busyLabel="Creating…" />
      {action.error !== undefined && <ErrorBanner title="Not created." error={action.error} />}
    </CheckedForm>
  )
}

function CredentialItem({
  credential,
  revoke,
}: {
  credential: RoomCredential
  revoke: RoomCredentials['revoke']
}) {
  return (
    <li className="room-keys__item" aria-label={credential.label}>
      <SecretHolderSummary name={credential.label} shown={`id ${credential.id}`} holder={credential} />
      <div className="room-keys__buttons">
        <RemoveButton
          verb="Revoke"
          kind="access credential"
          name={credential.label}
          confirm="Revoke credential"
          refusedBecause={credential.usedByRobodeck ? OWN_CREDENTIAL_REASON : undefined}
          onConfirm={() => revoke(credential.id)}
        >
          <p>Tools linked with it (rcc, the VS Code extension) are refused from their next request on.</p>
        </RemoveButton>
      </div>
    </li>
  )
}
