/** Schema version 4: webhooks, assets and their uploads. */
import type { Migration } from '../migrations'

export const migration: Migration = {
  version: 4,
  description: 'webhooks, assets and their uploads',
  sql: `
    -- process_id NULL: a workspace-scoped webhook (every process of the workspace). The secret is
    -- kept encrypted (AES-256-GCM under a key derived from the room secret), because the API shows
    -- it again (getWebhook) and the sender must sign deliveries with it.
    CREATE TABLE webhooks (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      process_id TEXT REFERENCES processes(id) ON DELETE CASCADE,
      endpoint TEXT NOT NULL,
      enabled_events TEXT NOT NULL,
      secret_sealed TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX webhooks_workspace ON webhooks(workspace_id, seq);
    CREATE INDEX webhooks_process ON webhooks(process_id);

    -- current_upload_id: the completed upload whose content is the asset's payload (NULL: empty).
    CREATE TABLE assets (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      current_upload_id TEXT,
      created_at TEXT NOT NULL,
      UNIQUE (workspace_id, name)
    );

    -- Content lives in <data>/assets/<upload id>, never in the database.
    CREATE TABLE asset_uploads (
      id TEXT PRIMARY KEY,
      asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      status TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'failed')),
      content_type TEXT NOT NULL,
      reason TEXT,
      size INTEGER,
      created_at TEXT NOT NULL,
      completed_at TEXT
    );
    CREATE INDEX asset_uploads_asset ON asset_uploads(asset_id);
  `,
}
