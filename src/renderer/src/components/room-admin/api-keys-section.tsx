/**
 * The room's API keys: the list, and Add (a name and permissions). A new key's value is shown once,
 * right after its creation, in this section's state only: Done, another section or another view
 * drops it. Each key is viewed, edited and deleted in its own item (api-key-item.tsx).
 */
import type { Permission } from '../../../../shared/permissions'
import type { RoomApiKeys } from '../../hooks/use-room-keys'
import { useRoomApiKeys } from '../../hooks/use-room-keys'
import { EmptyState, ErrorBanner, LoadingState } from '../feedback'
import { RefreshButton } from '../panel'
import { useAddWithSecret } from './add-with-secret'
import { ApiKeyForm } from './api-key-form'
import { ApiKeyItem } from './api-key-item'

export function ApiKeysSection({ connectionId }: { connectionId: string }) {
  const admin = useRoomApiKeys(connectionId)
  const { keys, permissions } = admin
  const offered = permissions.data ?? []
  const add = useAddWithSecret(
    'Copy it now: it is shown once here. Later, View value on the key shows it again.',
  )

  return (
    <div className="room-keys">
      <div className="room-keys__toolbar">
        {add.addButton('Add API key', permissions.data === undefined)}
        <RefreshButton onClick={keys.reload} busy={keys.refreshing} label="Reload API keys" />
      </div>
      {add.secretOnce}
      {add.adding && (
        <ApiKeyForm
          title="New API key"
          offered={offered}
          submit="Create key"
          onSubmit={async (name, chosen) => {
            const answer = await admin.create(name, chosen)
            add.created(`API key “${answer.key.name}” created.`, answer.value)
          }}
          onCancel={add.cancel}
        />
      )}
      {permissions.error !== undefined && (
        <ErrorBanner title="Could not read the permissions a key can have." error={permissions.error} />
      )}
      <KeyList admin={admin} offered={offered} />
    </div>
  )
}

function KeyList({ admin, offered }: { admin: RoomApiKeys; offered: readonly Permission[] }) {
  const { keys } = admin
  return (
    <>
      {keys.error !== undefined && (
        <ErrorBanner title="Could not read the room’s API keys." error={keys.error} onRetry={keys.reload} />
      )}
      {keys.loading ? (
        <LoadingState label="Reading the room’s API keys…" />
      ) : keys.data?.length ? (
        <ul className="room-keys__list" aria-label="API keys">
          {keys.data.map((key) => (
            <ApiKeyItem key={key.id} apiKey={key} offered={offered} admin={admin} />
          ))}
        </ul>
      ) : (
        keys.error === undefined && <EmptyState title="The room has no API keys." />
      )}
    </>
  )
}
