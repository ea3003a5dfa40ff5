/**
 * The shapes the renderer sees: what main tells it about connections, processes and runs.
 * camelCase, one connectionId on everything so lists can merge across workspaces, no secrets.
 */
import { z } from 'zod'

/** Any JSON value: what a launch payload may be. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export const JsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number().refine(Number.isFinite, 'must be a finite number'),
    z.boolean(),
    z.null(),
    z.array(JsonValue),
    z.record(z.string(), JsonValue),
  ]),
)

/** Process run states as Control Room API v1 names them (which are final: src/shared/runs.ts). */
export const RunState = z.enum(['new', 'in_progress', 'completed', 'unresolved', 'stopping'])
export type RunState = z.infer<typeof RunState>

export const AppInfo = z.object({
  version: z.string(),
  /** `desktop` inside Electron, `web` when served to a browser by web mode. */
  mode: z.enum(['desktop', 'web']),
  /** Name of the backend that encrypts secrets (e.g. gnome_libsecret, basic_text, file_key). */
  secretStorage: z.string(),
  /** False when secrets are only obfuscated (Linux basic_text, web mode's key file). */
  secretStorageSecure: z.boolean(),
  /**
   * True when secrets are kept in memory only (no secure storage and no consent to plain-text
   * storage): keys must be entered again after a restart.
   */
  secretsInMemoryOnly: z.boolean().default(false),
  /**
   * True where the OS offers no secure storage (Linux basic_text): the person chooses whether secrets
   * may stay on disk anyway (`settings.setSecretStorage`). Elsewhere that choice changes nothing.
   */
  plainTextChoice: z.boolean().default(false),
  /** Versions of the runtime main runs on, where known: web mode has Node's only. */
  versions: z
    .object({ node: z.string().optional(), electron: z.string().optional(), chrome: z.string().optional() })
    .default({}),
  /** The folder Robodeck keeps its settings, secrets file and local room in. */
  dataDir: z.string().optional(),
})
export type AppInfo = z.infer<typeof AppInfo>

export const ConnectionSummary = z.object({
  id: z.string(),
  name: z.string(),
  /** `local` is the built-in local Control Room; `cloud` any other Control Room. */
  kind: z.enum(['local', 'cloud']),
  /** API v1 base URL, e.g. http://127.0.0.1:4123/api/v1. Never carries a key. */
  apiUrl: z.string(),
  workspaceId: z.string(),
  /** Last four characters of the API key, for recognising it; null when no key is stored. */
  keySuffix: z.string().nullable(),
  /**
   * `stored` in the vault, `memory` only for this run (no secure storage), `needed` when the key
   * is missing or no longer decrypts (new machine, keychain reset): the person enters it again.
   */
  keyState: z.enum(['stored', 'memory', 'needed']).default('stored'),
  production: z.boolean().default(false),
  /** Permissions seen granted and denied (a 403 names the one missing), so the UI can say why. */
  permissions: z
    .object({ granted: z.array(z.string()), denied: z.array(z.string()) })
    .default({ granted: [], denied: [] }),
  /** Email (or name) of the linked user access credential's user; null when none is linked. */
  credentialUser: z.string().nullable().default(null),
})
export type ConnectionSummary = z.infer<typeof ConnectionSummary>

export const ProcessSummary = z.object({
  connectionId: z.string(),
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
})
export type ProcessSummary = z.infer<typeof ProcessSummary>

export const RunSummary = z.object({
  connectionId: z.string(),
  id: z.string(),
  processId: z.string(),
  processName: z.string(),
  state: RunState,
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** Seconds, as Control Room reports it; null until the run ends. */
  duration: z.number().nullable(),
  /** How the run was started (Control Room's started_by): `api`, `user`, `schedule`, `email`; the user's name for `user`. */
  startedBy: z.object({ type: z.string(), user: z.string().nullable() }).optional(),
})
export type RunSummary = z.infer<typeof RunSummary>

/** A connection that could not be read, reported beside the results of the ones that could. */
export const ConnectionFailure = z.object({
  connectionId: z.string(),
  code: z.string(),
  message: z.string(),
})
export type ConnectionFailure = z.infer<typeof ConnectionFailure>

export const ProcessListResult = z.object({
  processes: z.array(ProcessSummary),
  failures: z.array(ConnectionFailure),
})
export type ProcessListResult = z.infer<typeof ProcessListResult>

export const RunListResult = z.object({
  runs: z.array(RunSummary),
  failures: z.array(ConnectionFailure),
  /** Opaque: pass it back as runs.list's `cursor` for the older runs; null or absent at the end. */
  next: z.string().nullable().optional(),
})
export type RunListResult = z.infer<typeof RunListResult>

/**
 * How watching one connection goes: `ok`; `offline` (Control Room does not answer, or the machine
 * is asleep or offline); `key_rejected` (401: replace the key); `key_needed` (the vault cannot
 * decrypt the key: enter it again); `rate_limited` (429: the watcher waits as asked); `error`
 * (anything else, the message says what).
 */
export const ConnectionHealth = z.enum([
  'ok',
  'offline',
  'key_rejected',
  'key_needed',
  'rate_limited',
  'error',
])
export type ConnectionHealth = z.infer<typeof ConnectionHealth>

export const ConnectionStatus = z.object({
  connectionId: z.string(),
  health: ConnectionHealth,
  /** When the runs were last read successfully (ISO), null before the first success. */
  lastSyncedAt: z.string().nullable(),
  /** What went wrong, for a person; null when healthy. Never carries a secret. */
  message: z.string().nullable(),
})
export type ConnectionStatus = z.infer<typeof ConnectionStatus>
