/**
 * The room's API keys: the list, and Add (a name and permissions). A new key's value is shown once,
 * right after its creation, in this section's state only: Done, another section or another view
 * drops it. Each key is viewed, edited and deleted in its own item (api-key-item.tsx).
 */
import { useRef, useState } from 'react'
import type { Permission } from '../../../../shared/permissions'
import type { RoomApiKeys } from '../../hooks/use-room-keys'
import { useRoomApiKeys } from '../../hooks/use-room-keys'
import { EmptyState, ErrorBanner, LoadingState } from '../feedback'
import { RefreshButton } from '../panel'
import { ApiKeyForm } from './api-key-form'
import { ApiKeyItem } from './api-key-item'
import { SecretOnce } from './secret-once'

export function ApiKeysSection({ connectionId }: { connectionId: string }) {
  const admin = useRoomApiKeys(connectionId)
  const { keys, permissions } = admin
  const [adding, setAdding] = useState(false)
  const [created, setCreated] = useState<{ name: string; value: string } | undefined>()
  const offered = permissions.data ?? []
  const addButton = useRef<HTMLButtonElement>(null)

  return (
    <div className="room-keys">
      <div className="room-keys__toolbar">
        <button
          ref={addButton}
          type="button"
          className="button button--small button--primary"
          aria-expanded={adding}
          disabled={permissions.data === undefined}
          onClick={() => setAdding((open) => !open)}
        >
          Add API key
        </button>
        <RefreshButton onClick={keys.reload} busy={keys.refreshing} label="Reload API keys" />
      </div>
      {created && (
        <SecretOnce
          title={`API key “${created.name}” created.`}
          secret={created.value}
          note="Copy it now: it is shown once here. Later, View value on the key shows it again."
          onDone={() => {
            setCreated(undefined)
            addButton.current?.focus()
          }}
        />
      )}
      {adding && (
        <ApiKeyForm
          title="New API key"
          offered={offered}
          submit="Create key"
          onSubmit={async (name, chosen) => {
            const answer = await admin.create(name, chosen)
            setAdding(false)
            setCreated({ name: answer.key.name, value: answer.value })
          }}
          onCancel={() => setAdding(false)}
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
