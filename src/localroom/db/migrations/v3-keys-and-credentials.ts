/** Schema version 3: viewable API keys, users and their access credentials. */
import type { Migration } from '../migrations'

export const migration: Migration = {
  version: 3,
  description: 'viewable API keys, users and their access credentials',
  sql: `
    -- api_keys is rebuilt to gain an insert sequence (newest-first pages with stable cursors), the
    -- sealed value (AES-256-GCM under a key derived from the room secret, so the value can be shown
    -- again but the database alone never yields it) and a bootstrap flag (the key the room re-issues,
    -- told apart from a user's key that happens to have the same name). Keys of older data dirs
    -- keep working; their value was never stored, so it cannot be shown.
    CREATE TABLE api_keys_v3 (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      key_hash TEXT NOT NULL UNIQUE,
      key_suffix TEXT NOT NULL,
      value_sealed TEXT,
      permissions TEXT NOT NULL,
      bootstrap INTEGER NOT NULL DEFAULT 0 CHECK (bootstrap IN (0, 1)),
      created_at TEXT NOT NULL,
      updated_at TEXT,
      last_used_at TEXT,
      request_count INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO api_keys_v3 (id, workspace_id, name, key_hash, key_suffix, value_sealed, permissions,
                             bootstrap, created_at, last_used_at, request_count)
      SELECT id, workspace_id, name, key_hash, key_suffix, NULL, permissions,
             CASE WHEN name = 'Robodeck bootstrap' THEN 1 ELSE 0 END, created_at, last_used_at, request_count
      FROM api_keys ORDER BY created_at, rowid;
    DROP TABLE api_keys;
    ALTER TABLE api_keys_v3 RENAME TO api_keys;
    CREATE INDEX api_keys_workspace ON api_keys(workspace_id, seq);

    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      first_name TEXT NOT NULL,
      last_name TEXT NOT NULL,
      company_name TEXT,
      created_at TEXT NOT NULL
    );

    -- Who may manage a workspace through the management API (keys, processes, webhooks).
    CREATE TABLE workspace_members (
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role TEXT NOT NULL CHECK (role IN ('owner')),
      created_at TEXT NOT NULL,
      PRIMARY KEY (workspace_id, user_id)
    );
    CREATE INDEX workspace_members_user ON workspace_members(user_id);

    -- A credential's identifier is its numeric id (AUTOINCREMENT: never reused after a revoke). The
    -- secret is kept sealed (AES-256-GCM, derived key, the id as additional data) because checking
    -- an HMAC needs the secret itself; a revoked credential's row is deleted with its secret.
    CREATE TABLE user_credentials (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      label TEXT NOT NULL,
      secret_sealed TEXT NOT NULL,
      bootstrap INTEGER NOT NULL DEFAULT 0 CHECK (bootstrap IN (0, 1)),
      created_at TEXT NOT NULL,
      last_used_at TEXT
    );
    CREATE INDEX user_credentials_user ON user_credentials(user_id, id);
  `,
}
