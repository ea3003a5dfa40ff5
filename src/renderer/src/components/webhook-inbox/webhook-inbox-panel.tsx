/**
 * The webhook inbox: the receiver (on or off, its port, the address to point a tunnel at), the
 * secret deliveries are checked with (entered here, never shown back), and the stored deliveries,
 * newest first, each opening to its headers, body and a replay form.
 */
import { useState } from 'react'
import { useWebhookInbox } from '../../hooks/use-webhook-inbox'
import { EmptyState, ErrorBanner, LoadingState } from '../feedback'
import { Panel, RefreshButton } from '../panel'
import { DeliveryDetail } from './delivery-detail'
import { ReceiverSettings, SecretSettings } from './inbox-settings'
import { SignatureBadge } from './signature-badge'
import './webhook-inbox.css'

export function WebhookInboxPanel() {
  const inbox = useWebhookInbox()
  const [selected, setSelected] = useState<string | undefined>()
  const status = inbox.status.data
  const list = inbox.deliveries.data

  return (
    <Panel
      title="Webhook inbox"
      count={list?.length}
      className="webhook-inbox"
      busy={inbox.deliveries.refreshing || inbox.action.pending}
      actions={
        <>
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={() => void inbox.clear()}
            disabled={!list?.length || inbox.action.pending}
          >
            Clear
          </button>
          <RefreshButton
            label="Refresh deliveries"
            busy={inbox.deliveries.refreshing}
            onClick={inbox.deliveries.reload}
          />
        </>
      }
    >
      {inbox.action.error !== undefined && (
        <ErrorBanner
          title="The inbox could not do that."
          error={inbox.action.error}
          onRetry={inbox.action.clearError}
        />
      )}
      {inbox.status.error !== undefined && (
        <ErrorBanner
          title="Could not read the inbox."
          error={inbox.status.error}
          onRetry={inbox.status.reload}
        />
      )}
      {status && (
        <div className="webhook-inbox__settings">
          <ReceiverSettings status={status} pending={inbox.action.pending} onConfigure={inbox.configure} />
          <SecretSettings status={status} pending={inbox.action.pending} onSave={inbox.setSecret} />
        </div>
      )}
      <div className="webhook-inbox__content">
        {inbox.deliveries.loading ? (
          <LoadingState label="Loading deliveries…" />
        ) : list && list.length > 0 ? (
          <ul className="webhook-inbox__list" aria-label="Deliveries">
            {list.map((delivery) => (
              <li key={delivery.id}>
                <button
                  type="button"
                  className={`delivery-row ${selected === delivery.id ? 'is-selected' : ''}`}
                  aria-pressed={selected === delivery.id}
                  data-delivery-id={delivery.id}
                  onClick={() => setSelected(delivery.id === selected ? undefined : delivery.id)}
                >
                  <time className="delivery-row__time" dateTime={delivery.receivedAt}>
                    {new Date(delivery.receivedAt).toLocaleTimeString()}
                  </time>
                  <span className="delivery-row__event">
                    {delivery.event ?? `${delivery.method} ${delivery.path}`}
                  </span>
                  <SignatureBadge signature={delivery.signature} />
                  <span className="delivery-row__size">{delivery.size} B</span>
                </button>
              </li>
            ))}
          </ul>
        ) : inbox.deliveries.error === undefined ? (
          <EmptyState title="No deliveries yet">
            {status?.address
              ? `Point a Control Room webhook (through a tunnel) at ${status.address}`
              : 'Turn the receiver on to get an address for a Control Room webhook.'}
          </EmptyState>
        ) : (
          <ErrorBanner
            title="Could not load deliveries."
            error={inbox.deliveries.error}
            onRetry={inbox.deliveries.reload}
          />
        )}
        {selected && list?.some((d) => d.id === selected) && (
          <DeliveryDetail key={selected} deliveryId={selected} />
        )}
      </div>
    </Panel>
  )
}
