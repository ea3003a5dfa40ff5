/**
 * The webhook inbox's deliveries, kept in their own SQLite file (`webhook-inbox.sqlite`, 0600, WAL)
 * beside the settings: each delivery is one insert, and trimming to the bounds (count and bytes,
 * oldest dropped first) happens in the same transaction, so the store never passes its bounds and a
 * crash mid-write loses nothing already stored. A JSON file would be rewritten whole (megabytes) on
 * every delivery.
 */
import { randomUUID } from 'node:crypto'
import { DatabaseSync } from 'node:sqlite'
import { ensurePrivateFileSync } from '../../../../platform/private-fs'
import type { InboxSignature } from '../../../../shared/bridge-inbox'

export interface InboxLimits {
  /** Most deliveries kept. */
  maxCount: number
  /** Most bytes kept (bodies and headers). */
  maxBytes: number
}

export const DEFAULT_INBOX_LIMITS: InboxLimits = { maxCount: 500, maxBytes: 32 * 1024 * 1024 }

/** A delivery as received. */
export interface NewDelivery {
  method: string
  path: string
  /** Name/value pairs in the order and case they arrived. */
  headers: [string, string][]
  body: Buffer
  signature: InboxSignature
  /** The envelope's `event` and `id`, when the body is one. */
  event: string | null
  eventId: string | null
}

export interface StoredDelivery extends NewDelivery {
  id: string
  receivedAt: string
  /** Bytes it counts against the bound: body and headers. */
  size: number
}

export interface InboxStore {
  /** Stores a delivery and drops the oldest beyond the bounds; answers it as stored. */
  add(delivery: NewDelivery): StoredDelivery
  /** Newest first. */
  list(limit: number): StoredDelivery[]
  get(id: string): StoredDelivery | undefined
  /** Sets every delivery's signature state anew (after the secret changed). */
  recheck(check: (delivery: StoredDelivery) => InboxSignature): void
  totals(): { count: number; bytes: number }
  clear(): void
  close(): void
}

interface Row {
  seq: number
  id: string
  received_at: string
  method: string
  path: string
  headers: string
  body: Uint8Array
  size: number
  signature: InboxSignature
  event: string | null
  event_id: string | null
}

const toDelivery = (row: Row): StoredDelivery => ({
  id: row.id,
  receivedAt: row.received_at,
  method: row.method,
  path: row.path,
  headers: JSON.parse(row.headers) as [string, string][],
  body: Buffer.from(row.body),
  size: row.size,
  signature: row.signature,
  event: row.event,
  eventId: row.event_id,
})

/** Opens (or creates) the inbox file. */
export function openInboxStore(file: string, limits: InboxLimits = DEFAULT_INBOX_LIMITS): InboxStore {
  ensurePrivateFileSync(file)
  const db = new DatabaseSync(file)
  db.exec('PRAGMA journal_mode = WAL')
  db.exec(`CREATE TABLE IF NOT EXISTS deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    received_at TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    size INTEGER NOT NULL,
    signature TEXT NOT NULL,
    event TEXT,
    event_id TEXT
  )`)
  const insert = db.prepare(
    `INSERT INTO deliveries (id, received_at, method, path, headers, body, size, signature, event, event_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const totalsQuery = db.prepare('SELECT COUNT(*) AS count, COALESCE(SUM(size), 0) AS bytes FROM deliveries')
  const oldest = db.prepare('SELECT seq, size FROM deliveries ORDER BY seq ASC LIMIT 1')
  const removeSeq = db.prepare('DELETE FROM deliveries WHERE seq = ?')
  const totals = () => totalsQuery.get() as { count: number; bytes: number }

  const inTransaction = <T>(work: () => T): T => {
    db.exec('BEGIN IMMEDIATE')
    try {
      const result = work()
      db.exec('COMMIT')
      return result
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }

  return {
    add(delivery) {
      const headers = JSON.stringify(delivery.headers)
      const stored: StoredDelivery = {
        ...delivery,
        id: randomUUID(),
        receivedAt: new Date().toISOString(),
        size: delivery.body.length + Buffer.byteLength(headers),
      }
      inTransaction(() => {
        insert.run(
          stored.id,
          stored.receivedAt,
          stored.method,
          stored.path,
          headers,
          stored.body,
          stored.size,
          stored.signature,
          stored.event,
          stored.eventId,
        )
        let { count, bytes } = totals()
        while (count > limits.maxCount || bytes > limits.maxBytes) {
          const first = oldest.get() as { seq: number; size: number } | undefined
          if (!first) break
          removeSeq.run(first.seq)
          count--
          bytes -= first.size
        }
      })
      return stored
    },
    list: (limit) =>
      (db.prepare('SELECT * FROM deliveries ORDER BY seq DESC LIMIT ?').all(limit) as unknown as Row[]).map(
        toDelivery,
      ),
    get(id) {
      const row = db.prepare('SELECT * FROM deliveries WHERE id = ?').get(id) as Row | undefined
      return row ? toDelivery(row) : undefined
    },
    recheck(check) {
      const update = db.prepare('UPDATE deliveries SET signature = ? WHERE seq = ?')
      inTransaction(() => {
        for (const row of db.prepare('SELECT * FROM deliveries').all() as unknown as Row[])
          update.run(check(toDelivery(row)), row.seq)
      })
    },
    totals,
    clear: () => void db.exec('DELETE FROM deliveries'),
    close: () => db.close(),
  }
}
