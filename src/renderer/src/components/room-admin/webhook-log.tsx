/**
 * A webhook's delivery log: every attempt the room made, newest first, a page at a time (time,
 * event, what kind of send, status, latency, the start of the receiver's answer, the error), with
 * Redeliver on each, which sends that event again with the same id and body.
 */
import type { RoomWebhookAttempt } from '../../../../shared/room-webhooks'
import { useAction } from '../../hooks/use-action'
import { useNow } from '../../hooks/use-now'
import type { WebhookLog as Log } from '../../hooks/use-room-webhooks'
import { formatTimestamp } from '../../lib/format'
import { EmptyState, ErrorBanner, LoadingState } from '../feedback'
import { RefreshButton } from '../panel'

const KIND_LABELS: Record<RoomWebhookAttempt['kind'], string> = {
  event: '',
  redelivery: ' (redelivered)',
  test: ' (test)',
}

export function WebhookLog({ log, label }: { log: Log; label: string }) {
  const { attempts } = log
  const redeliver = useAction()
  const now = useNow(30_000)
  const page = attempts.data
  return (
    <section className="room-webhooks__log" aria-label={label}>
      <div className="room-keys__buttons">
        <strong>Delivery log</strong>
        <span className="room-keys__hint">Attempts of the last 14 days, newest first.</span>
        <RefreshButton onClick={attempts.reload} busy={attempts.refreshing} label="Reload the delivery log" />
      </div>
      {attempts.error !== undefined && (
        <ErrorBanner
          title="Could not read the delivery log."
          error={attempts.error}
          onRetry={attempts.reload}
        />
      )}
      {redeliver.error !== undefined && <ErrorBanner title="Not redelivered." error={redeliver.error} />}
      {attempts.loading ? (
        <LoadingState label="Reading the delivery log…" />
      ) : page?.attempts.length ? (
        <div className="room-webhooks__table-wrap">
          <table className="room-webhooks__table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Latency</th>
                <th scope="col">Response</th>
                <th scope="col">Error</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.attempts.map((attempt) => (
                <tr key={attempt.id} className={isFailure(attempt) ? 'is-failed' : undefined}>
                  <td>{formatTimestamp(attempt.attemptedAt, now)}</td>
                  <td>
                    <code>{attempt.event}</code>
                    {KIND_LABELS[attempt.kind]}
                  </td>
                  <td>{attempt.status ?? 'no answer'}</td>
                  <td>{Math.round(attempt.latencyMs)} ms</td>
                  <td>
                    <code className="room-webhooks__excerpt">{attempt.responseExcerpt ?? ''}</code>
                  </td>
                  <td>{attempt.error ?? ''}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Redeliver ${attempt.event} of ${formatTimestamp(attempt.attemptedAt, now)}`}
                      disabled={redeliver.pending}
                      onClick={() => void redeliver.run(() => log.redeliver(attempt.deliveryId))}
                    >
                      Redeliver
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        attempts.error === undefined && (
          <EmptyState title="Nothing sent yet.">Send a test event to see an attempt here.</EmptyState>
        )
      )}
      {(log.pageIndex > 0 || page?.next) && (
        <div className="room-keys__buttons">
          <button
            type="button"
            className="button button--small"
            disabled={log.pageIndex === 0}
            onClick={log.newest}
          >
            Newest attempts
          </button>
          <button type="button" className="button button--small" disabled={!page?.next} onClick={log.older}>
            Older attempts
          </button>
        </div>
      )}
    </section>
  )
}

const isFailure = (attempt: RoomWebhookAttempt) =>
  attempt.status === null || attempt.status < 200 || attempt.status >= 300
