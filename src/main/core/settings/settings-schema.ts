/**
 * The app's non-secret settings, one versioned document: window bounds, the connections' public
 * fields, notification rules, favourites and payload presets. Secrets are never here (they live in the vault).
 * A change of shape bumps SETTINGS_VERSION and adds a step to `migrations` in settings.ts.
 */
import { z } from 'zod'
import { Favourite, NetworkSettings, NotificationRule, ProcessPreset } from '../../../shared/settings'

export { Favourite, NetworkSettings, NotificationRule, ProcessPreset }

export const SETTINGS_VERSION = 2

export const WindowBounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200),
  height: z.number().int().min(150),
  maximized: z.boolean().default(false),
})
export type WindowBounds = z.infer<typeof WindowBounds>

export const StoredConnection = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['local', 'cloud']),
  apiUrl: z.string().url(),
  workspaceId: z.string().min(1),
  /** The key's last characters, so the list can show which key is in use without decrypting it. */
  keySuffix: z.string().nullable(),
  /** Marked by the person: launches there deserve a second look. */
  production: z.boolean().default(false),
  /**
   * What the key may do, as found out: read permissions by harmless GETs on add, write permissions
   * from the first 403 that names one (or the first success).
   */
  permissions: z
    .object({ granted: z.array(z.string()).default([]), denied: z.array(z.string()).default([]) })
    .default({ granted: [], denied: [] }),
  /** Who the linked user access credential belongs to (the credential itself is in the vault). */
  credentialUser: z.string().nullable().default(null),
})
export type StoredConnection = z.infer<typeof StoredConnection>

/** The webhook inbox's receiver (the secret is in the vault). */
export const WebhookInboxSettings = z.object({
  enabled: z.boolean().default(false),
  /** On 127.0.0.1; 0: any free port. */
  port: z.number().int().min(0).max(65535).default(8977),
})
export type WebhookInboxSettings = z.infer<typeof WebhookInboxSettings>

export const Settings = z.object({
  version: z.literal(SETTINGS_VERSION),
  window: WindowBounds.optional(),
  connections: z.array(StoredConnection).default([]),
  notificationRules: z.array(NotificationRule).default([]),
  favourites: z.array(Favourite).default([]),
  /** Added in version 2 with a default, so an older file reads as "no presets" without a migration. */
  presets: z.array(ProcessPreset).default([]),
  network: NetworkSettings.default({}),
  /**
   * Keep secrets on disk even where the OS offers no secure storage (Linux basic_text). Off: they
   * stay in memory for one run of the app, and the app says so.
   */
  allowPlainTextSecrets: z.boolean().default(false),
  webhookInbox: WebhookInboxSettings.default({ enabled: false, port: 8977 }),
})
export type Settings = z.infer<typeof Settings>

export const defaultSettings = (): Settings => Settings.parse({ version: SETTINGS_VERSION })
