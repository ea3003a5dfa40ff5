/**
 * The outbox as the sender and the delivery log read it: which deliveries are due, what one attempt
 * changed (in one transaction: the attempt logged, the delivery settled or rescheduled, the webhook's
 * failure streak, a paused target), the log pages, and the 14-day pruning.
 */
import { randomUUID } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { run, selectAll, selectOne, transaction } from '../db/db'

export interface DeliveryRow {
  seq: number
  id: string
  event_id: string
  workspace_id: string
  webhook_id: string | null
  target: string
  endpoint: string
  origin: string
  secret_sealed: string | null
  event: string
  action: string
  kind: 'event' | 'redelivery' | 'test'
  body: string
  state: 'pending' | 'delivered' | 'failed'
  attempts: number
  next_attempt_at: number
  created_at: string
  finished_at: string | null
  last_error: string | null
}

export interface AttemptRow {
  seq: number
  id: string
  delivery_id: string
  webhook_id: string | null
  attempted_at: string
  status: number | null
  latency_ms: number
  response_excerpt: string | null
  error: string | null
  event_id: string
  event: string
  action: string
  kind: DeliveryRow['kind']
}

const DELIVERY_COLUMNS =
  'd.seq, d.id, d.event_id, d.workspace_id, d.webhook_id, d.target, d.endpoint, d.origin, d.secret_sealed, d.event, d.action, d.kind, d.body, d.state, d.attempts, d.next_attempt_at, d.created_at, d.finished_at, d.last_error'

/** The newest event's seq (0 when there is none). */
const NEWEST_EVENT = '(SELECT COALESCE(MAX(seq), 0) FROM webhook_events)'

/**
 * Makes the next delivery of each webhook whose turn it is: enabled, not paused, not busy, with no
 * delivery of its own due now, and events it has not been considered for yet. Its cursor moves to
 * the event delivered, or past every event it did not ask for. One transaction; returns how many
 * deliveries were made. A webhook thus has at most one delivery due at a time, however many events
 * wait for it: the rest stay one row each in webhook_events.
 */
export function materializeDeliveries(
  db: DatabaseSync,
  input: { nowMs: number; busyTargets: ReadonlySet<string> },
): number {
  const newest = selectOne<{ seq: number }>(db, `SELECT ${NEWEST_EVENT} AS seq`)?.seq ?? 0
  const hooks = selectAll<{
    id: string
    workspace_id: string
    process_id: string | null
    enabled_events: string
    endpoint: string
    origin: string
    cursor_seq: number
  }>(
    db,
    `SELECT id, workspace_id, process_id, enabled_events, endpoint, COALESCE(origin, endpoint) AS origin, cursor_seq
     FROM webhooks w
     WHERE disabled_at IS NULL AND cursor_seq < ?1
       AND NOT EXISTS (SELECT 1 FROM webhook_targets p WHERE p.target = w.id AND p.paused_until > ?2)
       AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                       WHERE d.target = w.id AND d.state = 'pending' AND d.next_attempt_at <= ?2)`,
    newest,
    input.nowMs,
  ).filter((hook) => !input.busyTargets.has(hook.id))
  if (hooks.length === 0) return 0
  return transaction(db, () => {
    let made = 0
    for (const hook of hooks) {
      const event = selectOne<{
        seq: number
        id: string
        event: string
        action: string
        body: string
        created_at: string
      }>(
        db,
        `SELECT seq, id, event, action, body, created_at FROM webhook_events
         WHERE seq > ?1 AND seq <= ?2 AND workspace_id = ?3 AND (?4 IS NULL OR process_id = ?4)
           AND event IN (SELECT value FROM json_each(?5))
         ORDER BY seq LIMIT 1`,
        hook.cursor_seq,
        newest,
        hook.workspace_id,
        hook.process_id,
        hook.enabled_events,
      )
      run(db, 'UPDATE webhooks SET cursor_seq = ? WHERE id = ?', event?.seq ?? newest, hook.id)
      if (!event) continue
      run(
        db,
        `INSERT INTO webhook_deliveries (id, event_id, workspace_id, webhook_id, target, endpoint, origin,
           secret_sealed, event, action, kind, body, state, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, 'event', ?, 'pending', ?, ?)`,
        randomUUID(),
        event.id,
        hook.workspace_id,
        hook.id,
        hook.id,
        hook.endpoint,
        hook.origin,
        event.event,
        event.action,
        event.body,
        input.nowMs,
        // The event's own time: the retry schedule counts from when it happened.
        event.created_at,
      )
      made++
    }
    return made
  })
}

/**
 * Up to `limit` deliveries to send now: for each target, its oldest delivery that is due, unless
 * the target is paused, already has a request in flight, or its origin has as many as it may.
 * Webhooks have at most one delivery due at a time (materializeDeliveries), so this reads a few
 * rows per webhook however many events wait behind a slow receiver.
 */
export function dueDeliveries(
  db: DatabaseSync,
  input: { nowMs: number; busyTargets: ReadonlySet<string>; busyOrigins: ReadonlySet<string>; limit: number },
): DeliveryRow[] {
  return selectAll<DeliveryRow>(
    db,
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d
     WHERE d.state = 'pending' AND d.next_attempt_at <= ?1
       AND d.target NOT IN (SELECT value FROM json_each(?2))
       AND d.origin NOT IN (SELECT value FROM json_each(?3))
       AND NOT EXISTS (SELECT 1 FROM webhook_targets t WHERE t.target = d.target AND t.paused_until > ?1)
       AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
                       WHERE e.target = d.target AND e.state = 'pending' AND e.seq < d.seq AND e.next_attempt_at <= ?1)
     ORDER BY d.seq LIMIT ?4`,
    input.nowMs,
    JSON.stringify([...input.busyTargets]),
    JSON.stringify([...input.busyOrigins]),
    input.limit,
  )
}

/**
 * When a delivery not due yet falls due, or a paused target resumes (ms since epoch); null when
 * there is none. Due deliveries that could not go (their target or origin busy) are looked at again
 * when a request in flight ends.
 */
export function nextDueAt(db: DatabaseSync, nowMs: number): number | null {
  const delivery = selectOne<{ at: number | null }>(
    db,
    `SELECT MIN(next_attempt_at) AS at FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at > ?`,
    nowMs,
  )
  const paused = selectOne<{ at: number | null }>(
    db,
    'SELECT MIN(paused_until) AS at FROM webhook_targets WHERE paused_until > ?',
    nowMs,
  )
  const times = [delivery?.at, paused?.at].filter((at): at is number => typeof at === 'number')
  return times.length > 0 ? Math.min(...times) : null
}

/** What one attempt came to. */
export interface AttemptOutcome {
  attemptedAt: number
  status: number | null
  latencyMs: number
  excerpt: string | null
  error: string | null
  /** 2xx. */
  ok: boolean
  /** When failed: the next attempt (ms since epoch), or null to give up. */
  retryAt: number | null
  /** When failed and the receiver is unavailable: pause the whole target until retryAt. */
  pauseTarget: boolean
  /** The webhook's failure streak has lasted long enough to disable it (the reason), or null. */
  disable: string | null
}

/** Records an attempt and its consequences in one transaction. */
export function recordAttempt(db: DatabaseSync, delivery: DeliveryRow, outcome: AttemptOutcome): void {
  const at = new Date(outcome.attemptedAt).toISOString()
  transaction(db, () => {
    // The delivery may have been deleted with its webhook meanwhile: then there is nothing to log.
    const exists = selectOne<{ id: string }>(
      db,
      'SELECT id FROM webhook_deliveries WHERE id = ?',
      delivery.id,
    )
    if (!exists) return
    run(
      db,
      `INSERT INTO webhook_attempts (id, delivery_id, webhook_id, attempted_at, status, latency_ms, response_excerpt, error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      randomUUID(),
      delivery.id,
      delivery.webhook_id,
      at,
      outcome.status,
      outcome.latencyMs,
      outcome.excerpt,
      outcome.error,
    )
    const manual = delivery.kind !== 'event'
    if (outcome.ok || outcome.retryAt === null || manual) {
      run(
        db,
        `UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, finished_at = ?, last_error = ? WHERE id = ?`,
        outcome.ok ? 'delivered' : 'failed',
        at,
        outcome.ok ? null : outcome.error,
        delivery.id,
      )
    } else {
      run(
        db,
        'UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?',
        outcome.retryAt,
        outcome.error,
        delivery.id,
      )
    }
    if (outcome.ok) run(db, 'DELETE FROM webhook_targets WHERE target = ?', delivery.target)
    else if (outcome.pauseTarget && outcome.retryAt !== null && !manual)
      run(
        db,
        `INSERT INTO webhook_targets (target, paused_until) VALUES (?, ?)
         ON CONFLICT(target) DO UPDATE SET paused_until = excluded.paused_until`,
        delivery.target,
        outcome.retryAt,
      )
    if (delivery.webhook_id === null) return
    if (outcome.ok) {
      // A test event that gets through also enables a webhook that was disabled.
      if (delivery.kind === 'test') enableWebhook(db, delivery.webhook_id)
      run(db, 'UPDATE webhooks SET failing_since = NULL WHERE id = ?', delivery.webhook_id)
      return
    }
    run(
      db,
      'UPDATE webhooks SET failing_since = COALESCE(failing_since, ?) WHERE id = ?',
      at,
      delivery.webhook_id,
    )
    if (outcome.disable) disableWebhook(db, delivery.webhook_id, at, outcome.disable)
  })
}

/** Enables a disabled webhook again: it hears of events from now on, not of those it missed. */
export function enableWebhook(db: DatabaseSync, webhookId: string): void {
  run(
    db,
    `UPDATE webhooks SET cursor_seq = ${NEWEST_EVENT}, disabled_at = NULL, disabled_reason = NULL
     WHERE id = ? AND disabled_at IS NOT NULL`,
    webhookId,
  )
}

/** Disables a webhook: its pending events fail with the reason, and nothing more is queued for it. */
export function disableWebhook(db: DatabaseSync, webhookId: string, at: string, reason: string): void {
  run(
    db,
    `UPDATE webhooks SET disabled_at = ?, disabled_reason = ?, cursor_seq = ${NEWEST_EVENT}
     WHERE id = ? AND disabled_at IS NULL`,
    at,
    reason,
    webhookId,
  )
  run(
    db,
    `UPDATE webhook_deliveries SET state = 'failed', finished_at = ?, last_error = ?
     WHERE webhook_id = ? AND state = 'pending' AND kind = 'event'`,
    at,
    `not sent: ${reason}`,
    webhookId,
  )
  run(db, 'DELETE FROM webhook_targets WHERE target = ?', webhookId)
}

/** The first failed attempt of a webhook's current streak (ms since epoch), or null. */
export function failingSince(db: DatabaseSync, webhookId: string): number | null {
  const row = selectOne<{ failing_since: string | null }>(
    db,
    'SELECT failing_since FROM webhooks WHERE id = ?',
    webhookId,
  )
  return row?.failing_since ? Date.parse(row.failing_since) : null
}

/** One page of a webhook's attempts, newest first. */
export function listAttempts(
  db: DatabaseSync,
  webhookId: string,
  beforeSeq: number | undefined,
  limit: number,
): AttemptRow[] {
  return selectAll<AttemptRow>(
    db,
    `SELECT a.seq, a.id, a.delivery_id, a.webhook_id, a.attempted_at, a.status, a.latency_ms, a.response_excerpt,
            a.error, d.event_id, d.event, d.action, d.kind
     FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
     WHERE a.webhook_id = ? AND a.seq < ? ORDER BY a.seq DESC LIMIT ?`,
    webhookId,
    beforeSeq ?? Number.MAX_SAFE_INTEGER,
    limit,
  )
}

/** One page of a webhook's deliveries (one per event sent to it), newest first. */
export function listDeliveries(
  db: DatabaseSync,
  webhookId: string,
  beforeSeq: number | undefined,
  limit: number,
): DeliveryRow[] {
  return selectAll<DeliveryRow>(
    db,
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.webhook_id = ? AND d.seq < ? ORDER BY d.seq DESC LIMIT ?`,
    webhookId,
    beforeSeq ?? Number.MAX_SAFE_INTEGER,
    limit,
  )
}

/** One delivery of a webhook. */
export function getDelivery(
  db: DatabaseSync,
  webhookId: string,
  deliveryId: string,
): DeliveryRow | undefined {
  return selectOne<DeliveryRow>(
    db,
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.webhook_id = ? AND d.id = ?`,
    webhookId,
    deliveryId,
  )
}

/** Deletes attempts and finished deliveries older than the retention; returns how many rows went. */
export function pruneDeliveryLog(db: DatabaseSync, olderThanMs: number): number {
  const before = new Date(olderThanMs).toISOString()
  return transaction(db, () => {
    const attempts = run(db, 'DELETE FROM webhook_attempts WHERE attempted_at < ?', before)
    const deliveries = run(
      db,
      `DELETE FROM webhook_deliveries WHERE state != 'pending' AND finished_at < ?
         AND NOT EXISTS (SELECT 1 FROM webhook_attempts a WHERE a.delivery_id = webhook_deliveries.id)`,
      before,
    )
    // Events every enabled webhook has passed, once as old as the log keeps; never the newest, so
    // that seq (a plain rowid) keeps growing and no cursor finds an old number reused.
    run(
      db,
      `DELETE FROM webhook_events WHERE created_at < ?
         AND seq <= (SELECT COALESCE(MIN(cursor_seq), 9223372036854775807) FROM webhooks WHERE disabled_at IS NULL)
         AND seq < (SELECT MAX(seq) FROM webhook_events)`,
      before,
    )
    run(
      db,
      "DELETE FROM webhook_targets WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.target = webhook_targets.target AND d.state = 'pending')",
    )
    return attempts + deliveries
  })
}
