/**
 * Sends what the outbox holds. One sender per room: it wakes when deliveries are queued (RoomDb's
 * outboxListeners) and when the next retry falls due, and sends each target's oldest due delivery,
 * one request per target at a time and a bounded number per receiver origin and in all, over its own
 * undici Agent (bounded connections per origin, the connect-time address check). Nothing is held in
 * memory beyond the requests in flight: a slow or dead receiver costs a few sockets, and its events
 * wait in SQLite. The API and the runner never wait for it. close() aborts what is in flight; those
 * deliveries stay pending and go on the next start.
 */
import { Agent, request } from 'undici'
import { SIGNATURE_HEADER, signWebhookBody } from '../../platform/webhook-signature'
import type { RoomDb } from '../db/db'
import type { StorageHealth } from '../storage/storage-health'
import { openCallbackSecret } from './callbacks'
import {
  ATTEMPT_TIMEOUT_MS,
  DEFAULT_RETRY_POLICY,
  DISABLE_AFTER_MS,
  givesUp,
  LOG_RETENTION_MS,
  MAX_IN_FLIGHT,
  MAX_IN_FLIGHT_PER_ORIGIN,
  MAX_RESPONSE_READ_BYTES,
  RESPONSE_EXCERPT_BYTES,
  type RetryPolicy,
  receiverUnavailable,
  retryDelayMs,
} from './delivery-policy'
import {
  type AttemptOutcome,
  type DeliveryRow,
  dueDeliveries,
  failingSince,
  materializeDeliveries,
  nextDueAt,
  pruneDeliveryLog,
  recordAttempt,
} from './delivery-store'
import { guardedLookup, refusedHost } from './endpoint-guard'
import { getWebhookById, webhookSecret } from './webhook-store'

export interface SenderOptions {
  db: RoomDb
  /** deriveKey(roomSecret, 'webhook-secrets'): opens webhook and callback secrets. */
  secretKey: Buffer
  storage: StorageHealth
  log: (line: string) => void
  /** Send to link-local and metadata addresses too (--allow-link-local-webhooks). */
  allowLinkLocal?: boolean
  attemptTimeoutMs?: number
  retry?: Partial<RetryPolicy>
  /** The clock (ms since epoch): injectable so tests can make days pass. */
  now?: () => number
}

/** Longest sleep between looks at the outbox (a delivery queued by another connection is found by then). */
const MAX_SLEEP_MS = 30_000
/**
 * The least time between two looks at the outbox when events are queued: runs ending in a burst
 * wake the sender once per this, not once each (a look costs a few indexed queries per webhook).
 * While a receiver's origin has all the requests it may have, new events rarely find a free way
 * out, so they wake it less often; a request that ends wakes it at once either way.
 */
const LOOK_GAP_MS = 5
const LOOK_GAP_SATURATED_MS = 50
/** How often the delivery log is pruned. */
const PRUNE_EVERY_MS = 60 * 60 * 1000

export class WebhookSender {
  private readonly agent: Agent
  private readonly inFlight = new Map<string, { origin: string; abort: AbortController }>()
  private readonly perOrigin = new Map<string, number>()
  private readonly tasks = new Set<Promise<void>>()
  private timer: NodeJS.Timeout | undefined
  private timerAt = Number.POSITIVE_INFINITY
  private wakeQueued = false
  private delayedLook: NodeJS.Timeout | undefined
  private lastLook = Number.NEGATIVE_INFINITY
  private lastPrune = 0
  private closed = false
  private readonly retry: RetryPolicy
  private readonly now: () => number
  private readonly listener = () => this.wake()

  constructor(private readonly options: SenderOptions) {
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry }
    this.now = options.now ?? Date.now
    const timeout = options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS
    this.agent = new Agent({
      connections: MAX_IN_FLIGHT_PER_ORIGIN,
      pipelining: 1,
      connectTimeout: timeout,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      keepAliveTimeout: 4_000,
      connect: { lookup: guardedLookup(options.allowLinkLocal === true) },
    })
  }

  /** Starts sending: what a previous start left pending goes first. */
  start(): void {
    this.options.db.outboxListeners.add(this.listener)
    this.wake()
  }

  /** Looks at the outbox on the next turn (coalesced: many queued events cost one look). */
  wake(afterRequest = false): void {
    if (this.closed) return
    // A look already coming soon enough; a request that ended does not wait for a delayed one.
    if (this.wakeQueued && !(afterRequest && this.delayedLook)) return
    clearTimeout(this.delayedLook)
    this.delayedLook = undefined
    this.wakeQueued = true
    const look = this.options.storage.guard('sending webhooks', () => {
      this.wakeQueued = false
      this.delayedLook = undefined
      this.pump()
    })
    const saturated = [...this.perOrigin.values()].some((n) => n >= MAX_IN_FLIGHT_PER_ORIGIN)
    const gap = afterRequest ? 0 : saturated ? LOOK_GAP_SATURATED_MS : LOOK_GAP_MS
    const wait = this.lastLook + gap - performance.now()
    if (wait <= 0) setImmediate(look)
    else this.delayedLook = setTimeout(look, wait)
  }

  /** Whether link-local and metadata endpoints are allowed (--allow-link-local-webhooks). */
  get allowLinkLocal(): boolean {
    return this.options.allowLinkLocal === true
  }

  /** Requests in flight now (for tests and the benches). */
  get inFlightCount(): number {
    return this.inFlight.size
  }

  /** Stops: no new attempt starts; those in flight are aborted and stay pending for the next start. */
  async close(): Promise<void> {
    this.closed = true
    this.options.db.outboxListeners.delete(this.listener)
    clearTimeout(this.timer)
    clearTimeout(this.delayedLook)
    for (const { abort } of this.inFlight.values()) abort.abort()
    await Promise.allSettled([...this.tasks])
    await this.agent.close().catch(() => {})
  }

  private pump(): void {
    if (this.closed) return
    this.lastLook = performance.now()
    const now = this.now()
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now
      pruneDeliveryLog(this.options.db, now - LOG_RETENTION_MS)
    }
    const free = MAX_IN_FLIGHT - this.inFlight.size
    if (free > 0) {
      materializeDeliveries(this.options.db, { nowMs: now, busyTargets: new Set(this.inFlight.keys()) })
      const busyOrigins = new Set(
        [...this.perOrigin].filter(([, n]) => n >= MAX_IN_FLIGHT_PER_ORIGIN).map(([origin]) => origin),
      )
      const due = dueDeliveries(this.options.db, {
        nowMs: now,
        busyTargets: new Set(this.inFlight.keys()),
        busyOrigins,
        limit: free,
      })
      for (const delivery of due) {
        if ((this.perOrigin.get(delivery.origin) ?? 0) >= MAX_IN_FLIGHT_PER_ORIGIN) continue
        this.launch(delivery)
      }
    }
    this.scheduleNext(now)
  }

  /**
   * Sleeps until the next delivery falls due (at most MAX_SLEEP_MS). `now` is the look's own time:
   * a retry that fell due while the look ran is still later than it, so it is found here and not
   * left for the next MAX_SLEEP_MS.
   */
  private scheduleNext(now: number): void {
    const next = nextDueAt(this.options.db, now)
    const at = Math.min(
      now + MAX_SLEEP_MS,
      next === null ? Number.POSITIVE_INFINITY : Math.max(next, now + 1),
    )
    if (this.timer && this.timerAt <= at) return
    clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(
      this.options.storage.guard('sending webhooks', () => {
        this.timer = undefined
        this.timerAt = Number.POSITIVE_INFINITY
        this.pump()
      }),
      Math.max(0, at - this.now()),
    )
    this.timer.unref()
  }

  private launch(delivery: DeliveryRow): void {
    const abort = new AbortController()
    this.inFlight.set(delivery.target, { origin: delivery.origin, abort })
    this.perOrigin.set(delivery.origin, (this.perOrigin.get(delivery.origin) ?? 0) + 1)
    const task = this.attempt(delivery, abort.signal)
      .then((outcome) => {
        // An attempt cut short by close() is not a failure of the receiver: it stays pending.
        if (outcome && !this.closed)
          this.options.storage.ensure(`webhook delivery ${delivery.id}`, () =>
            recordAttempt(this.options.db, delivery, outcome),
          )
      })
      .catch((error: unknown) => this.options.storage.report(`webhook delivery ${delivery.id}`, error))
      .finally(() => {
        this.tasks.delete(task)
        this.inFlight.delete(delivery.target)
        const left = (this.perOrigin.get(delivery.origin) ?? 1) - 1
        if (left > 0) this.perOrigin.set(delivery.origin, left)
        else this.perOrigin.delete(delivery.origin)
        this.wake(true)
      })
    this.tasks.add(task)
  }

  /** One POST of a delivery; null when it was aborted by close(). */
  private async attempt(delivery: DeliveryRow, signal: AbortSignal): Promise<AttemptOutcome | null> {
    const started = this.now()
    const startedHr = performance.now()
    const secret = this.secretOf(delivery)
    let status: number | null = null
    let excerpt: string | null = null
    let error: string | null = null
    if (secret === null) {
      error = 'the secret cannot be decrypted (the room secret changed?)'
    } else {
      const refused = this.options.allowLinkLocal ? null : refusedHost(new URL(delivery.endpoint).hostname)
      if (refused) error = `refused to connect: ${refused}`
      else {
        try {
          const answer = await this.post(delivery, secret, signal)
          status = answer.status
          excerpt = answer.excerpt
        } catch (cause) {
          if (this.closed) return null
          error = describeError(cause)
        }
      }
    }
    const latencyMs = Math.round((performance.now() - startedHr) * 10) / 10
    const ok = status !== null && status >= 200 && status < 300
    if (!ok && error === null) error = `HTTP ${status}`
    const attemptedAt = this.now()
    const giveUp = !ok && givesUp(Date.parse(delivery.created_at), attemptedAt, this.retry)
    const retryAt = ok || giveUp ? null : attemptedAt + retryDelayMs(delivery.attempts + 1, this.retry)
    return {
      attemptedAt: started,
      status,
      latencyMs,
      excerpt,
      error,
      ok,
      retryAt,
      pauseTarget: !ok && receiverUnavailable(status),
      disable: ok ? null : this.disableReason(delivery, attemptedAt),
    }
  }

  private async post(
    delivery: DeliveryRow,
    secret: string,
    signal: AbortSignal,
  ): Promise<{ status: number; excerpt: string | null }> {
    const timeout = AbortSignal.timeout(this.options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS)
    const response = await request(delivery.endpoint, {
      method: 'POST',
      dispatcher: this.agent,
      signal: AbortSignal.any([signal, timeout]),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Robodeck-LocalControlRoom-Webhooks',
        [SIGNATURE_HEADER]: signWebhookBody(secret, delivery.body),
      },
      body: delivery.body,
    })
    let read = 0
    const kept: Buffer[] = []
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      if (read < RESPONSE_EXCERPT_BYTES) kept.push(chunk.subarray(0, RESPONSE_EXCERPT_BYTES - read))
      read += chunk.length
      if (read >= MAX_RESPONSE_READ_BYTES) {
        response.body.destroy()
        break
      }
    }
    const text = Buffer.concat(kept).toString('utf8')
    return { status: response.statusCode, excerpt: text === '' ? null : text }
  }

  private secretOf(delivery: DeliveryRow): string | null {
    const { db, secretKey } = this.options
    try {
      if (delivery.secret_sealed !== null)
        return openCallbackSecret(secretKey, delivery.endpoint, delivery.secret_sealed)
      const hook = delivery.webhook_id === null ? undefined : getWebhookById(db, delivery.webhook_id)
      return hook ? webhookSecret(secretKey, hook) : null
    } catch {
      return null
    }
  }

  /** Why a webhook whose attempt just failed is disabled now, or null (manual deliveries never disable). */
  private disableReason(delivery: DeliveryRow, nowMs: number): string | null {
    if (delivery.webhook_id === null || delivery.kind !== 'event') return null
    const since = failingSince(this.options.db, delivery.webhook_id)
    if (since === null || nowMs - since < DISABLE_AFTER_MS) return null
    const days = Math.round(DISABLE_AFTER_MS / 86_400_000)
    return `every delivery failed for ${days} days (since ${new Date(since).toISOString()}); a test event that gets through enables it again`
  }
}

/** A delivery error as the log shows it: what went wrong, never a secret (none is in these). */
function describeError(error: unknown): string {
  const e = error as {
    name?: string
    code?: string
    message?: string
    cause?: { code?: string; message?: string }
  }
  if (
    e?.name === 'TimeoutError' ||
    e?.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e?.code === 'UND_ERR_BODY_TIMEOUT'
  )
    return 'timed out waiting for the receiver'
  if (e?.code === 'UND_ERR_CONNECT_TIMEOUT') return 'timed out connecting to the receiver'
  const code = e?.cause?.code ?? e?.code
  const message = e?.cause?.message ?? e?.message ?? String(error)
  return (code ? `${code}: ${message}` : message).slice(0, 500)
}
