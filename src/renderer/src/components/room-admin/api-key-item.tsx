/**
 * One API key of the room: its name, masked value, permissions by group, when it was created and
 * last used; its value viewed on request (kept in this item's state only until Hide, or until the
 * item leaves the screen), its name and permissions edited, and the key deleted after a
 * confirmation. The key Robodeck itself uses cannot be deleted here, and says why.
 */
import { useState } from 'react'
import type { Permission } from '../../../../shared/permissions'
import { groupPermissions, permissionAction, type RoomApiKey } from '../../../../shared/room-keys'
import { useAction } from '../../hooks/use-action'
import type { RoomApiKeys } from '../../hooks/use-room-keys'
import { ErrorBanner } from '../feedback'
import { RemoveButton } from '../forms/remove-button'
import { ApiKeyForm } from './api-key-form'
import { SecretHolderSummary } from './secret-holder-summary'
import { CopyButton, useCopy } from './secret-once'

const OWN_KEY_REASON =
  'Robodeck itself uses this key to reach the local Control Room: deleting it would cut this window off from the room.'

interface ApiKeyItemProps {
  apiKey: RoomApiKey
  offered: readonly Permission[]
  admin: Pick<RoomApiKeys, 'reveal' | 'update' | 'remove'>
}

export function ApiKeyItem({ apiKey, offered, admin }: ApiKeyItemProps) {
  const [value, setValue] = useState<string | undefined>()
  const [editing, setEditing] = useState(false)
  const reveal = useAction()
  const copied = useCopy()

  const view = async () => {
    const shown = await reveal.run(() => admin.reveal(apiKey.id))
    if (shown !== undefined) setValue(shown)
  }

  return (
    <li className="room-keys__item" aria-label={apiKey.name}>
      <SecretHolderSummary name={apiKey.name} shown={value ?? apiKey.maskedValue} holder={apiKey}>
        <dt>Requests</dt>
        <dd>{apiKey.requestCount}</dd>
      </SecretHolderSummary>
      <ul className="room-keys__permissions" aria-label={`Permissions of ${apiKey.name}`}>
        {groupPermissions(apiKey.permissions).map(({ group, permissions }) => (
          <li key={group}>
            <span className="room-keys__group">{group}</span> {permissions.map(permissionAction).join(', ')}
          </li>
        ))}
      </ul>
      <div className="room-keys__buttons">
        {value === undefined ? (
          <button
            type="button"
            className="button button--small"
            aria-label={`View value of ${apiKey.name}`}
            disabled={reveal.pending}
            onClick={() => void view()}
          >
            View value
          </button>
        ) : (
          <>
            <button
              type="button"
              className="button button--small"
              aria-label={`Hide value of ${apiKey.name}`}
              onClick={() => setValue(undefined)}
            >
              Hide value
            </button>
            <CopyButton copied={copied} text={value} />
          </>
        )}
        <button
          type="button"
          className="button button--small"
          aria-label={`Edit ${apiKey.name}`}
          aria-expanded={editing}
          onClick={() => setEditing((open) => !open)}
        >
          Edit
        </button>
        <RemoveButton
          verb="Delete"
          kind="API key"
          name={apiKey.name}
          confirm="Delete key"
          refusedBecause={apiKey.usedByRobodeck ? OWN_KEY_REASON : undefined}
          onConfirm={() => admin.remove(apiKey.id)}
        >
          <p>Anything using this key is refused from its next request on. This cannot be undone.</p>
        </RemoveButton>
      </div>
      {reveal.error !== undefined && <ErrorBanner title="Cannot show the value." error={reveal.error} />}
      {editing && (
        <ApiKeyForm
          title={`Edit ${apiKey.name}`}
          offered={offered}
          initial={apiKey}
          submit="Save"
          onSubmit={async (name, permissions) => {
            await admin.update(apiKey.id, { name, permissions })
            setEditing(false)
          }}
          onCancel={() => setEditing(false)}
        />
      )}
    </li>
  )
}
