/** What route modules get from the room they belong to (one per room: no module-level state). */
import type { RoomDb } from './db/db'
import type { RouteRegistry } from './http/route-definition'
import type { UrlSigner } from './http/signed-urls'
import type { Runner } from './runs/runner'
import type { StorageHealth } from './storage/storage-health'
import type { WebhookSender } from './webhooks/sender'

export interface RoomContext {
  /** The room's connection, with its caches (db/db.ts). */
  db: RoomDb
  runner: Runner
  /** The room's workspace (the one its bootstrap key is bound to). */
  workspaceId: string
  /** http://host:port the room listens on, read from its socket. Used when a request's Host is unusable. */
  origin: () => string
  log: (line: string) => void
  /** Every route declared with defineRoute, for the OpenAPI document. */
  routes: RouteRegistry
  dataDir: string
  /** The bundled sample robots (resources/robots), which bundled robots' folders are relative to. */
  robotsDir: string
  /** The room's secret (room-secret.ts): derive purpose keys from it with deriveKey. */
  roomSecret: Buffer
  /** Signs and checks time-limited download/upload URLs. */
  urls: UrlSigner
  /** The room's disk: storage failures, reported once, and the writes kept until it has room again. */
  storage: StorageHealth
  /** Sends the outbox's webhook deliveries; also says which endpoints the room accepts. */
  webhooks: WebhookSender
}

/** Where the legacy Process API (process-v1) lives. */
export const LEGACY_PROCESS_PREFIX = '/process-v1'
/** Robodeck's management API: what Control Room does in its UI (keys, credentials, processes). */
export const MANAGEMENT_PREFIX = '/management-v1'
/** The token vendor paths rcc and other desktop tools call with a user access credential. */
export const TOKEN_VENDOR_PREFIX = '/token-vendor-v1'

/** Where the API lives under the origin. */
export const API_PREFIX = '/api/v1'
