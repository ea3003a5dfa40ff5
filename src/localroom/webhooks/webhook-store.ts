/**
 * Webhook registrations: endpoint, enabled events, scope (a process, or the whole workspace) and the
 * shared secret the sender signs deliveries with. The secret is sealed (secret-box.ts: AES-256-GCM)
 * under `deriveKey(roomSecret, 'webhook-secrets')` with the webhook's id as additional data, so a
 * copied database row neither reveals it nor opens on another webhook.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { seal, unseal } from '../credentials/secret-box'
import { nowIso, run, selectAll, selectOne, selectWorkspaceRow, transaction } from '../db/db'
import { disableWebhook, enableWebhook } from './delivery-store'
import { originOf } from './endpoint-guard'
import { type EventName, LEGACY_EVENTS, PROCESS_RUN_EVENTS } from './envelope'

/** The events a process-scoped webhook may ask for (the spec's ProcessWebhookEnabledEvents). */
export const WEBHOOK_EVENTS = PROCESS_RUN_EVENTS
/** A workspace webhook (management API) may also ask for the legacy events of Control Room's web UI. */
export const WORKSPACE_WEBHOOK_EVENTS = [...PROCESS_RUN_EVENTS, ...LEGACY_EVENTS] as const
export type WebhookEvent = EventName

export interface WebhookRow {
  seq: number
  id: string
  workspace_id: string
  /** null: workspace scope. */
  process_id: string | null
  endpoint: string
  /** JSON array of WebhookEvent. */
  enabled_events: string
  secret_sealed: string
  created_at: string
  /** First failed attempt of the current streak of failures; null after a success. */
  failing_since: string | null
  /** Set when the webhook failed for too long (delivery-policy.ts); nothing is queued for it then. */
  disabled_at: string | null
  disabled_reason: string | null
}

const COLUMNS =
  'seq, id, workspace_id, process_id, endpoint, enabled_events, secret_sealed, created_at, failing_since, disabled_at, disabled_reason'
/** Decrypts a webhook's secret (throws if the row was tampered with or the room secret changed). */
export function webhookSecret(key: Buffer, row: WebhookRow): string {
  const secret = unseal(key, row.secret_sealed, row.id)
  if (secret === null) throw new Error(`the secret of webhook ${row.id} cannot be decrypted`)
  return secret
}

/** The events a row is enabled for. */
export function rowEvents(row: WebhookRow): WebhookEvent[] {
  return JSON.parse(row.enabled_events) as WebhookEvent[]
}

/** Stores a new webhook with a fresh random secret; returns the row and the secret in clear. */
export function createWebhook(
  db: DatabaseSync,
  key: Buffer,
  input: { workspaceId: string; processId: string | null; endpoint: string; events: readonly WebhookEvent[] },
): { row: WebhookRow; secret: string } {
  const id = randomUUID()
  // 256 bits, hex: safe to paste into any receiver's configuration.
  const secret = randomBytes(32).toString('hex')
  const events = [...new Set(input.events)]
  run(
    db,
    // It hears of events from now on: its cursor starts at the newest event.
    `INSERT INTO webhooks (id, workspace_id, process_id, endpoint, origin, enabled_events, secret_sealed, created_at,
       cursor_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) FROM webhook_events))`,
    id,
    input.workspaceId,
    input.processId,
    input.endpoint,
    originOf(input.endpoint),
    JSON.stringify(events),
    seal(key, secret, id),
    nowIso(),
  )
  const row = getWebhook(db, input.workspaceId, id)
  if (!row) throw new Error('webhook vanished after insert')
  return { row, secret }
}

/** One webhook of the workspace. */
export function getWebhook(db: DatabaseSync, workspaceId: string, id: string): WebhookRow | undefined {
  return selectWorkspaceRow<WebhookRow>(db, 'webhooks', COLUMNS, workspaceId, id)
}

/** The workspace's webhooks, newest first, `limit` rows before `beforeSeq` (exclusive). */
export function listWebhooks(
  db: DatabaseSync,
  options: { workspaceId: string; beforeSeq?: number; limit: number },
): WebhookRow[] {
  return selectAll<WebhookRow>(
    db,
    `SELECT ${COLUMNS} FROM webhooks WHERE workspace_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
    options.workspaceId,
    options.beforeSeq ?? Number.MAX_SAFE_INTEGER,
    options.limit,
  )
}

/** What an update may change (management API: Control Room's webhook view edits these). */
export interface WebhookChange {
  endpoint?: string | undefined
  events?: readonly WebhookEvent[] | undefined
  /** true: enabled again (a disabled one hears of events from now on); false: disabled by hand. */
  enabled?: boolean | undefined
}

/** Why a webhook disabled through the management API is disabled. */
export const DISABLED_BY_OWNER = 'disabled by the workspace owner'

/**
 * Changes a webhook in one transaction; undefined when the workspace has none with that id. A new
 * endpoint also applies to its deliveries still pending (retries go where it now points). Enabled
 * again, it hears of events from now on, as after a test event that gets through; disabled by hand,
 * its pending events fail with the reason, as when the room disables it.
 */
export function updateWebhook(
  db: DatabaseSync,
  workspaceId: string,
  id: string,
  change: WebhookChange,
): WebhookRow | undefined {
  return transaction(db, () => {
    const row = getWebhook(db, workspaceId, id)
    if (!row) return undefined
    if (change.endpoint !== undefined) {
      const origin = originOf(change.endpoint)
      run(db, 'UPDATE webhooks SET endpoint = ?, origin = ? WHERE id = ?', change.endpoint, origin, id)
      run(
        db,
        `UPDATE webhook_deliveries SET endpoint = ?, origin = ? WHERE webhook_id = ? AND state = 'pending'`,
        change.endpoint,
        origin,
        id,
      )
    }
    if (change.events !== undefined)
      run(
        db,
        'UPDATE webhooks SET enabled_events = ? WHERE id = ?',
        JSON.stringify([...new Set(change.events)]),
        id,
      )
    if (change.enabled === true && row.disabled_at !== null) {
      enableWebhook(db, id)
      // A fresh start: the days it failed before no longer count towards disabling it again.
      run(db, 'UPDATE webhooks SET failing_since = NULL WHERE id = ?', id)
    }
    if (change.enabled === false && row.disabled_at === null)
      disableWebhook(db, id, nowIso(), DISABLED_BY_OWNER)
    return getWebhook(db, workspaceId, id)
  })
}

/** Deletes a webhook; false when the workspace has none with that id. */
export function deleteWebhook(db: DatabaseSync, workspaceId: string, id: string): boolean {
  return run(db, 'DELETE FROM webhooks WHERE workspace_id = ? AND id = ?', workspaceId, id) > 0
}

/** A webhook by id alone (for the sender, which has no workspace in hand). */
export function getWebhookById(db: DatabaseSync, id: string): WebhookRow | undefined {
  return selectOne<WebhookRow>(db, `SELECT ${COLUMNS} FROM webhooks WHERE id = ?`, id)
}
