/**
 * One webhook of the room: where it sends, for which process or the whole workspace, which events,
 * whether it is enabled (and why not), how its last delivery went; its secret shown on request
 * (kept in this item's state only until Hide, or until the item leaves the screen), edited, enabled
 * or disabled, a test event sent, its delivery log opened, and deleted after a confirmation. The
 * webhook Robodeck registered for itself is shown as such; what would change it is disabled, with
 * the reason.
 */
import { useId, useState } from 'react'
import type { RoomProcess } from '../../../../shared/room-admin'
import type { RoomWebhook } from '../../../../shared/room-webhooks'
import { useAction } from '../../hooks/use-action'
import { useNow } from '../../hooks/use-now'
import { type RoomWebhooks, useWebhookLog } from '../../hooks/use-room-webhooks'
import { formatTimestamp } from '../../lib/format'
import { ErrorBanner } from '../feedback'
import { RemoveButton } from '../forms/remove-button'
import { CopyButton, useCopy } from './secret-once'
import { WebhookForm } from './webhook-form'
import { WebhookLog } from './webhook-log'

const OWN_WEBHOOK_REASON =
  'Robodeck registered this webhook to hear of runs the moment they change: it is not changed, deleted or shown here.'

interface WebhookItemProps {
  connectionId: string
  webhook: RoomWebhook
  processes: readonly RoomProcess[]
  admin: Pick<RoomWebhooks, 'reveal' | 'update' | 'remove' | 'webhooks'>
}

export function WebhookItem({ connectionId, webhook, processes, admin }: WebhookItemProps) {
  const [secret, setSecret] = useState<string | undefined>()
  const [editing, setEditing] = useState(false)
  const [logShown, setLogShown] = useState(false)
  const reveal = useAction()
  const toggle = useAction()
  const test = useAction()
  const copied = useCopy()
  const log = useWebhookLog(connectionId, webhook.id, { shown: logShown, sent: admin.webhooks.reload })
  const now = useNow(30_000)
  const reasonId = useId()
  const own = webhook.ownedByRobodeck
  const refused = own ? { disabled: true, 'aria-describedby': reasonId } : {}
  const name = webhook.endpoint
  const scope = webhook.processId
    ? `process “${processes.find((p) => p.id === webhook.processId)?.name ?? webhook.processId}”`
    : 'the whole workspace'
  const last = webhook.lastDelivery

  const showSecret = async () => {
    const shown = await reveal.run(() => admin.reveal(webhook.id))
    if (shown !== undefined) setSecret(shown)
  }
  const sendTest = async () => {
    setLogShown(true)
    await test.run(() => log.test())
  }

  return (
    <li className="room-keys__item" aria-label={name}>
      <div className="room-keys__head">
        <code className="room-keys__name room-webhooks__endpoint">{name}</code>
        {own && <span className="chip chip--ok">Robodeck’s own</span>}
        {webhook.enabled ? (
          <span className="chip">Enabled</span>
        ) : (
          <span className="chip chip--warning">Disabled</span>
        )}
      </div>
      {!webhook.enabled && (
        <p className="room-keys__hint is-error">
          Disabled {webhook.disabledAt ? formatTimestamp(webhook.disabledAt, now) : ''}:{' '}
          {webhook.disabledReason}. Enable it again, or send a test event that gets through.
        </p>
      )}
      <dl className="room-keys__facts">
        <dt>Sends events of</dt>
        <dd>{scope}</dd>
        <dt>Events</dt>
        <dd>{webhook.events.join(', ')}</dd>
        <dt>Last delivery</dt>
        <dd>
          {last
            ? `${last.state} · ${last.event} · ${formatTimestamp(last.createdAt, now)}${last.lastError ? ` · ${last.lastError}` : ''}`
            : 'none yet'}
        </dd>
        {secret !== undefined && (
          <>
            <dt>Secret</dt>
            <dd>
              <code className="secret-once__value">{secret}</code>
            </dd>
          </>
        )}
      </dl>
      <div className="room-keys__buttons">
        {secret === undefined ? (
          <button
            type="button"
            className="button button--small"
            aria-label={`Show secret of ${name}`}
            disabled={reveal.pending || own}
            aria-describedby={own ? reasonId : undefined}
            onClick={() => void showSecret()}
          >
            Show secret
          </button>
        ) : (
          <>
            <button type="button" className="button button--small" onClick={() => setSecret(undefined)}>
              Hide secret
            </button>
            <CopyButton copied={copied} text={secret} />
          </>
        )}
        <button
          type="button"
          className="button button--small"
          aria-label={`Edit ${name}`}
          aria-expanded={editing}
          {...refused}
          onClick={() => setEditing((open) => !open)}
        >
          Edit
        </button>
        <button
          type="button"
          className="button button--small"
          aria-label={`${webhook.enabled ? 'Disable' : 'Enable again'} ${name}`}
          {...refused}
          disabled={own || toggle.pending}
          onClick={() => void toggle.run(() => admin.update(webhook.id, { enabled: !webhook.enabled }))}
        >
          {webhook.enabled ? 'Disable' : 'Enable again'}
        </button>
        <button
          type="button"
          className="button button--small"
          aria-label={`Send test event to ${name}`}
          disabled={test.pending}
          onClick={() => void sendTest()}
        >
          Send test event
        </button>
        <button
          type="button"
          className="button button--small"
          aria-label={`Delivery log of ${name}`}
          aria-expanded={logShown}
          onClick={() => setLogShown((open) => !open)}
        >
          Delivery log
        </button>
        <RemoveButton
          verb="Delete"
          kind="webhook to"
          name={name}
          confirm="Delete webhook"
          refusedBecause={own ? OWN_WEBHOOK_REASON : undefined}
          reasonShownAt={reasonId}
          onConfirm={() => admin.remove(webhook.id)}
        >
          <p>
            The room stops sending to it at once, and its delivery log goes with it. This cannot be undone.
          </p>
        </RemoveButton>
      </div>
      {own && (
        <span id={reasonId} className="room-keys__hint">
          {OWN_WEBHOOK_REASON}
        </span>
      )}
      {reveal.error !== undefined && <ErrorBanner title="Cannot show the secret." error={reveal.error} />}
      {toggle.error !== undefined && <ErrorBanner title="Not changed." error={toggle.error} />}
      {test.error !== undefined && <ErrorBanner title="The test event was not sent." error={test.error} />}
      {editing && (
        <WebhookForm
          title={`Edit ${name}`}
          initial={webhook}
          submit="Save"
          onSubmit={async ({ endpoint, events }) => {
            await admin.update(webhook.id, { endpoint, events })
            setEditing(false)
          }}
          onCancel={() => setEditing(false)}
        />
      )}
      {logShown && <WebhookLog log={log} label={`Delivery log of ${name}`} />}
    </li>
  )
}
