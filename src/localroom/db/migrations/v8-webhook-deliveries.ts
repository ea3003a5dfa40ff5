/** Schema version 8: the webhook outbox, its delivery log, and webhooks disabled after failing for days. */
import type { Migration } from '../migrations'

export const migration: Migration = {
  version: 8,
  description: 'webhook outbox, delivery attempts, disabled webhooks',
  sql: `
    -- failing_since: the first failed attempt of the current streak of failures (NULL after a success).
    -- disabled_at: set when the streak lasted too long (webhooks/delivery-policy.ts); nothing more is
    -- queued for it until a test event gets through.
    -- origin: scheme://host:port of the endpoint, copied onto each delivery (it bounds the requests in
    -- flight to one receiver); NULL for rows older than this column (the endpoint stands in).
    ALTER TABLE webhooks ADD COLUMN origin TEXT;
    -- cursor_seq: the last webhook_events row this webhook has been considered for (a delivery made,
    -- or the event is not one it asked for). A new webhook starts at the newest event.
    ALTER TABLE webhooks ADD COLUMN cursor_seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE webhooks ADD COLUMN failing_since TEXT;
    ALTER TABLE webhooks ADD COLUMN disabled_at TEXT;
    ALTER TABLE webhooks ADD COLUMN disabled_reason TEXT;

    -- The outbox: one row per event, written in the transaction of the state change that caused it,
    -- whatever the number of webhooks listening (so a run's end costs one row, not one per webhook).
    -- The sender turns it into a delivery per webhook as each webhook's turn comes (its cursor_seq).
    -- seq is the rowid, without AUTOINCREMENT or a second index: writing an event touches one page
    -- more per run change, not three. Pruning always keeps the newest row, so seq never goes back.
    CREATE TABLE webhook_events (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      process_id TEXT,
      event TEXT NOT NULL,
      action TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    -- Deliveries: one row per event per receiver, made by the sender when it is the webhook's turn,
    -- and at once for a run's callback (in the transaction of the change). body is the exact JSON sent on every attempt (so the signature and the id never
    -- change). target orders deliveries: one in flight per target, oldest first; origin bounds the
    -- requests in flight to one receiver host. A run callback has
    -- no webhook row: its secret travels sealed with the delivery. No foreign key to the run: deleting
    -- a run must not drop what it still has to tell.
    CREATE TABLE webhook_deliveries (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      event_id TEXT NOT NULL,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      webhook_id TEXT REFERENCES webhooks(id) ON DELETE CASCADE,
      target TEXT NOT NULL,
      endpoint TEXT NOT NULL,
      origin TEXT NOT NULL,
      secret_sealed TEXT,
      event TEXT NOT NULL,
      action TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('event', 'redelivery', 'test')),
      body TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      finished_at TEXT,
      last_error TEXT
    );
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE state = 'pending';
    CREATE INDEX webhook_deliveries_target ON webhook_deliveries(target, seq) WHERE state = 'pending';
    CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, seq);
    CREATE INDEX webhook_deliveries_finished ON webhook_deliveries(finished_at) WHERE state != 'pending';

    -- The delivery log: every attempt, kept 14 days. status NULL: no HTTP answer (error says why).
    CREATE TABLE webhook_attempts (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
      webhook_id TEXT REFERENCES webhooks(id) ON DELETE CASCADE,
      attempted_at TEXT NOT NULL,
      status INTEGER,
      latency_ms REAL NOT NULL,
      response_excerpt TEXT,
      error TEXT
    );
    CREATE INDEX webhook_attempts_webhook ON webhook_attempts(webhook_id, seq);
    CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, seq);
    CREATE INDEX webhook_attempts_time ON webhook_attempts(attempted_at);

    -- A receiver that could not be reached pauses its target until paused_until (ms since epoch), so
    -- that its events wait in order instead of each failing on its own.
    CREATE TABLE webhook_targets (
      target TEXT PRIMARY KEY,
      paused_until INTEGER NOT NULL
    );
  `,
}
