/** One delivery: its headers and body as received, and the replay form (to a local URL by default). */
import { useState } from 'react'
import { useInboxDelivery, useReplay } from '../../hooks/use-webhook-inbox'
import { CheckboxField } from '../checkbox-field'
import { ErrorBanner, LoadingState } from '../feedback'
import { SignatureBadge } from './signature-badge'

const DEFAULT_REPLAY_URL = 'http://localhost:3000/'

export function DeliveryDetail({ deliveryId }: { deliveryId: string }) {
  const delivery = useInboxDelivery(deliveryId)
  const replay = useReplay(deliveryId)
  const [url, setUrl] = useState(DEFAULT_REPLAY_URL)
  const [allowAnyUrl, setAllowAnyUrl] = useState(false)

  if (delivery.loading) return <LoadingState label="Loading the delivery…" />
  if (delivery.error !== undefined || !delivery.data)
    return (
      <ErrorBanner title="Could not load the delivery." error={delivery.error} onRetry={delivery.reload} />
    )
  const data = delivery.data
  const refused = data.signature === 'invalid' || data.signature === 'missing'

  return (
    <section className="delivery-detail" aria-label="Delivery">
      <header className="delivery-detail__header">
        <code>
          {data.method} {data.path}
        </code>
        <SignatureBadge signature={data.signature} />
        {data.eventId && <span className="delivery-detail__meta">event id {data.eventId}</span>}
      </header>
      <h3 className="delivery-detail__title">Headers</h3>
      <table className="delivery-detail__headers">
        <tbody>
          {data.headers.map(([name, value], index) => (
            // Headers may repeat: the position keeps each row apart.
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed for a stored delivery
            <tr key={index}>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="delivery-detail__title">Body</h3>
      <pre className="delivery-detail__body">{data.body}</pre>
      <form
        className="delivery-detail__replay"
        aria-label="Replay"
        onSubmit={(event) => {
          event.preventDefault()
          void replay.replay(url, allowAnyUrl)
        }}
      >
        <label className="webhook-inbox__field">
          Replay to
          <input
            className="input input--small delivery-detail__url"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
          />
        </label>
        <CheckboxField
          className="webhook-inbox__check"
          label="Allow any URL (not only this computer)"
          checked={allowAnyUrl}
          onChecked={setAllowAnyUrl}
        />
        <button
          type="submit"
          className="button button--small button--primary"
          disabled={replay.pending || refused}
        >
          Replay
        </button>
        {refused && (
          <span className="webhook-inbox__hint webhook-inbox__hint--error">
            Not replayed: the signature does not check out against the inbox secret.
          </span>
        )}
      </form>
      {replay.error !== undefined && <ErrorBanner title="Replay failed." error={replay.error} />}
      {replay.result && (
        <p className="delivery-detail__result" role="status">
          Replayed: HTTP {replay.result.status} in {replay.result.durationMs} ms
          {replay.result.responseExcerpt && (
            <>
              {' '}
              — <code>{replay.result.responseExcerpt.slice(0, 200)}</code>
            </>
          )}
        </p>
      )}
    </section>
  )
}
