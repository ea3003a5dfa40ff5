/**
 * The room's webhooks, as Control Room's Integrations page shows them: the list, and Add (a URL,
 * the workspace or one process, events). A new webhook's secret is shown once, right after its
 * creation, in this section's state only: Done, another section or another view drops it. Each
 * webhook is viewed, edited, tested, logged and deleted in its own item (webhook-item.tsx).
 */
import { useRoomProcesses } from '../../hooks/use-room-processes'
import { useRoomWebhooks } from '../../hooks/use-room-webhooks'
import { EmptyState, ErrorBanner, LoadingState } from '../feedback'
import { RefreshButton } from '../panel'
import { useAddWithSecret } from './add-with-secret'
import { WebhookForm } from './webhook-form'
import { WebhookItem } from './webhook-item'
import './room-webhooks.css'

export function WebhooksSection({ connectionId }: { connectionId: string }) {
  const admin = useRoomWebhooks(connectionId)
  const { webhooks } = admin
  const processes = useRoomProcesses(connectionId).processes.data ?? []
  const add = useAddWithSecret(
    'Its deliveries are signed with this secret (x-rc-signature): give it to the receiver. Show secret on the webhook shows it again.',
  )

  return (
    <div className="room-keys">
      <div className="room-keys__toolbar">
        {add.addButton('Add webhook')}
        <RefreshButton onClick={webhooks.reload} busy={webhooks.refreshing} label="Reload webhooks" />
      </div>
      {add.secretOnce}
      {add.adding && (
        <WebhookForm
          title="New webhook"
          processes={processes}
          submit="Create webhook"
          onSubmit={async (input) => {
            const answer = await admin.create(input)
            add.created(`Webhook to ${answer.webhook.endpoint} created.`, answer.secret)
          }}
          onCancel={add.cancel}
        />
      )}
      {webhooks.error !== undefined && (
        <ErrorBanner
          title="Could not read the room’s webhooks."
          error={webhooks.error}
          onRetry={webhooks.reload}
        />
      )}
      {webhooks.loading ? (
        <LoadingState label="Reading the room’s webhooks…" />
      ) : webhooks.data?.length ? (
        <ul className="room-keys__list" aria-label="Webhooks">
          {webhooks.data.map((webhook) => (
            <WebhookItem
              key={webhook.id}
              connectionId={connectionId}
              webhook={webhook}
              processes={processes}
              admin={admin}
            />
          ))}
        </ul>
      ) : (
        webhooks.error === undefined && (
          <EmptyState title="The room has no webhooks.">
            Add one to have runs’ events sent to a URL.
          </EmptyState>
        )
      )}
    </div>
  )
}
