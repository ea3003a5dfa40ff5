/**
 * Webhook registrations: endpoint, enabled events, scope (a process, or the whole workspace) and the
 * shared secret the sender signs deliveries with. The secret is sealed (secret-box.ts: AES-256-GCM)
 * under `deriveKey(roomSecret, 'webhook-secrets')` with the webhook's id as additional data, so a
 * copied database row neither reveals it nor opens on another webhook.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { seal, unseal } from '../credentials/secret-box'
import { nowIso, run, selectAll, selectOne } from '../db/db'

/** The events a process-scoped webhook may ask for (the spec's ProcessWebhookEnabledEvents). */
export const WEBHOOK_EVENTS = [
  'process_run.started',
  'process_run.completed',
  'process_run.unresolved',
] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

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
}

const COLUMNS = 'seq, id, workspace_id, process_id, endpoint, enabled_events, secret_sealed, created_at'
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
    `INSERT INTO webhooks (id, workspace_id, process_id, endpoint, enabled_events, secret_sealed, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    id,
    input.workspaceId,
    input.processId,
    input.endpoint,
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
  return selectOne<WebhookRow>(
    db,
    `SELECT ${COLUMNS} FROM webhooks WHERE workspace_id = ? AND id = ?`,
    workspaceId,
    id,
  )
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

/** Deletes a webhook; false when the workspace has none with that id. */
export function deleteWebhook(db: DatabaseSync, workspaceId: string, id: string): boolean {
  return run(db, 'DELETE FROM webhooks WHERE workspace_id = ? AND id = ?', workspaceId, id) > 0
}
