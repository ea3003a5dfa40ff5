/**
 * The bridge contract: every command the renderer may send to the main process and every event the
 * main process pushes back, each with a runtime schema. Main, preload, web mode and renderer derive
 * their types from this one map, so a command added here is a compile error wherever it is not
 * handled. Payloads carry ids, names, states and masked key suffixes only: never a secret, but
 * for the answers of room.createApiKey, room.revealApiKey and room.createCredential (asked for by
 * a click on the local room's keys page; docs/security.md).
 */
import { z } from 'zod'
import type { CommandName, CommandTree, EventName } from './bridge-names'
import {
  AppInfo,
  ConnectionStatus,
  ConnectionSummary,
  JsonValue,
  ProcessListResult,
  RunListResult,
  RunSummary,
} from './domain'
import { RoomProcess, StepSettings } from './room-admin'
import { RoomApiKey, RoomCredential, RoomKeyName, RoomPermission } from './room-keys'
import {
  ArtifactContent,
  ArtifactRef,
  ArtifactSummary,
  ConsolePage,
  RunDetail,
  RunRef,
  RunWorkItems,
  StepRunRef,
  StopRunRequest,
} from './run-detail'
import { AppSettings, Favourite, NotificationRule, PRESETS_MAX, ProcessPreset } from './settings'

const id = z.string().min(1).max(200)
const empty = z.object({}).strict()

// ---- Webhook inbox (issue 12) ------------------------------------------------------------------
// Deliveries any Control Room sends to the inbox's receiver on 127.0.0.1 (through a tunnel the user
// runs): listed with headers and body, their signature checked against a secret the user enters
// (kept in the vault: the renderer only learns whether one is set), and replayed to a local URL.

/** A delivery's signature against the inbox secret: no secret set is `unchecked`. */
export const InboxSignature = z.enum(['valid', 'invalid', 'missing', 'unchecked'])
export type InboxSignature = z.infer<typeof InboxSignature>

export const InboxDeliverySummary = z.object({
  id: z.string(),
  receivedAt: z.string(),
  method: z.string(),
  /** The request target as sent (path and query). */
  path: z.string(),
  /** Bytes of body and headers. */
  size: z.number().int(),
  signature: InboxSignature,
  /** The envelope's `event` and `id`, when the body is one. */
  event: z.string().nullable(),
  eventId: z.string().nullable(),
})
export type InboxDeliverySummary = z.infer<typeof InboxDeliverySummary>

export const InboxDelivery = InboxDeliverySummary.extend({
  /** Name/value pairs in the order and case they arrived. */
  headers: z.array(z.tuple([z.string(), z.string()])),
  /** The body as UTF-8 text (bytes that are not UTF-8 show as U+FFFD; replay sends the original bytes). */
  body: z.string(),
})
export type InboxDelivery = z.infer<typeof InboxDelivery>

export const InboxStatus = z.object({
  /** The user turned the receiver on. */
  enabled: z.boolean(),
  /** The port asked for; 0: any free one. */
  port: z.number().int(),
  /** Where it listens now, e.g. http://127.0.0.1:8977/; null while off or when it could not start. */
  address: z.string().nullable(),
  /** Why it is not listening though enabled (e.g. the port is taken). */
  error: z.string().nullable(),
  secretSet: z.boolean(),
  count: z.number().int(),
  bytes: z.number().int(),
  maxCount: z.number().int(),
  maxBytes: z.number().int(),
  maxDeliveryBytes: z.number().int(),
})
export type InboxStatus = z.infer<typeof InboxStatus>

export const InboxReplayResult = z.object({
  status: z.number().int(),
  durationMs: z.number(),
  /** The start of the answer's body, as text. */
  responseExcerpt: z.string(),
})
export type InboxReplayResult = z.infer<typeof InboxReplayResult>

const inboxCommands = {
  /** Whether the receiver listens, where, and how full the inbox is. */
  status: { request: empty, response: InboxStatus },
  /** Turns the receiver on or off, on a port (0: any free one); the choice is kept in the settings. */
  configure: {
    request: z.object({ enabled: z.boolean(), port: z.number().int().min(0).max(65535).optional() }).strict(),
    response: InboxStatus,
  },
  /** Sets (or, with null, clears) the secret deliveries are checked with; every delivery is checked again. */
  setSecret: {
    request: z.object({ secret: z.string().min(1).max(1000).nullable() }).strict(),
    response: InboxStatus,
  },
  /** The newest deliveries first. */
  list: {
    request: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
    response: z.array(InboxDeliverySummary),
  },
  /** One delivery with its headers and body. */
  get: { request: z.object({ deliveryId: id }).strict(), response: InboxDelivery },
  /**
   * Sends a delivery again, original headers and body, to a URL: loopback only unless allowAnyUrl.
   * A delivery whose signature is invalid or missing (with a secret set) is refused.
   */
  replay: {
    request: z
      .object({ deliveryId: id, url: z.string().min(1).max(2000), allowAnyUrl: z.boolean().optional() })
      .strict(),
    response: InboxReplayResult,
  },
  /** Deletes every stored delivery. */
  clear: { request: empty, response: InboxStatus },
} as const

const inboxEvents = {
  /** The inbox stored a new delivery. */
  'inbox.delivery': InboxDeliverySummary,
} as const

/** The inbox's error codes (BridgeErrorCode). */
const INBOX_ERROR_CODES = [
  'inbox_not_found', // no stored delivery with that id
  'inbox_bad_signature', // replay refused: the signature does not check out
  'inbox_url_refused', // replay refused: not http(s), or not loopback without allowAnyUrl
  'inbox_replay_failed', // the replay target did not answer
  'inbox_port_unavailable', // the receiver's port is taken or not allowed
] as const
// ---- end of webhook inbox ------------------------------------------------------------------------

// ---- The local room's process editor (issue 13; src/main/core/room-admin.ts) -------------------
// Through the room's management API as its owner: the credential stays in main.

const roomCommands = {
  /** The local room's processes with their steps and each step's settings. */
  processes: { request: z.object({ connectionId: id }).strict(), response: z.array(RoomProcess) },
  /**
   * Replaces one step's settings; answers the process as the room now has it. With `updatedAt` (the
   * process's, as the editor showed it), a process changed since is refused rather than overwritten.
   */
  setStepSettings: {
    request: z
      .object({
        connectionId: id,
        processId: id,
        stepId: id,
        settings: StepSettings,
        updatedAt: z.string().max(100).optional(),
      })
      .strict(),
    response: RoomProcess,
  },
  ...roomKeyCommands(),
} as const

/**
 * The room's API keys and user access credentials (issue 11 §6; src/main/core/room-keys.ts). A
 * key's value or a credential's secret is in the answer to createApiKey, revealApiKey and
 * createCredential only: never in a list, an error or an event.
 */
function roomKeyCommands() {
  const local = { connectionId: id }
  const keyId = { ...local, keyId: id }
  // Names, not the enum: the room is the authority on them and names every unknown one (400).
  const permissions = z.array(z.string().max(200)).min(1).max(100)
  return {
    /** Every permission a key can have, in the room's order. */
    permissions: { request: z.object(local).strict(), response: z.array(RoomPermission) },
    /** The workspace's API keys (never their values), newest first. */
    apiKeys: { request: z.object(local).strict(), response: z.array(RoomApiKey) },
    /** Creates a key; its value is answered here, once. */
    createApiKey: {
      request: z.object({ ...local, name: RoomKeyName, permissions }).strict(),
      response: z.object({ key: RoomApiKey, value: z.string() }),
    },
    /** A key's value, on the user's explicit request. */
    revealApiKey: { request: z.object(keyId).strict(), response: z.object({ value: z.string() }) },
    /** Changes a key's name and/or permissions (from the room's next request on). */
    updateApiKey: {
      request: z
        .object({ ...keyId, name: RoomKeyName.optional(), permissions: permissions.optional() })
        .strict(),
      response: RoomApiKey,
    },
    /** Deletes a key; the key Robodeck itself uses is refused (own_api_key). */
    deleteApiKey: { request: z.object(keyId).strict(), response: z.object({ id: z.string() }) },
    /** The owner's user access credentials (never their secrets), newest first. */
    credentials: { request: z.object(local).strict(), response: z.array(RoomCredential) },
    /** Creates a credential; its `<id>:<secret>` string is answered here, once. */
    createCredential: {
      request: z.object({ ...local, label: RoomKeyName }).strict(),
      response: z.object({ credential: RoomCredential, secret: z.string() }),
    },
    /** Revokes a credential; the one Robodeck signs with is refused (own_credential). */
    revokeCredential: {
      request: z.object({ ...local, credentialId: id }).strict(),
      response: z.object({ id: z.string() }),
    },
  } as const
}

/** The process editor's error codes (BridgeErrorCode). */
const ROOM_ADMIN_ERROR_CODES = [
  'room_admin_unavailable', // not the local room, or no owner credential for it
  'invalid_step_settings', // the room refused the settings (400); the message names the step and setting
  'process_busy', // 409: a run of the process has not ended
  'process_changed', // the process changed since the editor read it (setStepSettings' updatedAt)
  'invalid_api_key', // the room refused a key's name or permissions (400); its message says which
  'key_value_unavailable', // 409: the room cannot show this key's value (create a new key)
  'own_api_key', // the key Robodeck itself uses for the room cannot be deleted from its window
  'own_credential', // the credential Robodeck signs with cannot be revoked from its window
] as const
// ---- end of the process editor --------------------------------------------------------------------

/** Commands: renderer -> main, one request and one response each. */
export const commands = {
  app: {
    /** Version, mode and whether secrets are in OS-backed secure storage. */
    info: { request: empty, response: AppInfo },
  },
  connections: {
    /** Every configured workspace connection, with a masked key suffix. */
    list: { request: empty, response: z.array(ConnectionSummary) },
    /** Adds a Control Room workspace after checking the key reads it; the key goes to the vault. */
    add: {
      request: z
        .object({
          apiUrl: z.string().min(1).max(2000),
          workspaceId: id,
          apiKey: z.string().min(1).max(4000),
          name: z.string().max(200).optional(),
          production: z.boolean().optional(),
        })
        .strict(),
      response: ConnectionSummary,
    },
    rename: {
      request: z.object({ connectionId: id, name: z.string().trim().min(1).max(200) }).strict(),
      response: ConnectionSummary,
    },
    /** Marks a connection as production (or not). */
    setProduction: {
      request: z.object({ connectionId: id, production: z.boolean() }).strict(),
      response: ConnectionSummary,
    },
    /** Removes a connection with its key and credential. */
    remove: { request: z.object({ connectionId: id }).strict(), response: z.object({}) },
    /** Links a user access credential, verified by a signed request; answers with who it is. */
    linkCredential: {
      request: z.object({ connectionId: id, credential: z.string().min(1).max(4000) }).strict(),
      response: ConnectionSummary,
    },
    /**
     * Gives a cloud connection a new API key (its key needed again, rejected, or replaced), checked as
     * `add` checks one; a refused key changes nothing. Permissions become the ones found.
     */
    setKey: {
      request: z.object({ connectionId: id, apiKey: z.string().min(1).max(4000) }).strict(),
      response: ConnectionSummary,
    },
    /** How watching each connection goes: health and when its runs were last read. */
    status: { request: empty, response: z.array(ConnectionStatus) },
    /** Looks at every connection (or one) now instead of at its next tick. */
    refresh: { request: z.object({ connectionId: id.optional() }).strict(), response: z.object({}) },
  },
  processes: {
    /** Processes of one connection, or of every connection when connectionId is absent. */
    list: {
      request: z.object({ connectionId: id.optional() }).strict(),
      response: ProcessListResult,
    },
    /** Starts a run of a process with an optional JSON payload as its input work item. */
    launch: {
      request: z.object({ connectionId: id, processId: id, payload: JsonValue.optional() }).strict(),
      response: z.object({ runId: z.string() }),
    },
  },
  runs: {
    /**
     * The newest runs of one connection, or of every connection, newest first: at least `limit` of
     * each connection that has them; `cursor` (a previous answer's `next`) continues with older ones.
     */
    list: {
      request: z
        .object({
          connectionId: id.optional(),
          limit: z.number().int().min(1).max(500).optional(),
          cursor: z.string().max(20_000).optional(),
        })
        .strict(),
      response: RunListResult,
    },
    // --- run detail: one run's steps, console, work items, artifacts, and stopping it ---
    /** The run with its step runs and, for cloud workspaces, its page in Control Room's web UI. */
    get: { request: RunRef, response: RunDetail },
    /** A step run's console, oldest first; with `resume`, only the lines after the last read. */
    console: {
      request: StepRunRef.extend({ resume: z.string().max(4000).optional() }).strict(),
      response: ConsolePage,
    },
    /** The run's work items (each step's inputs) and its outputs. */
    workItems: { request: RunRef, response: RunWorkItems },
    /** Every artifact of every step run of the run. */
    artifacts: { request: RunRef, response: z.array(ArtifactSummary) },
    /** An artifact's bytes, read by main (the download link never leaves it), capped by purpose. */
    artifact: { request: ArtifactRef, response: ArtifactContent },
    /** Stops the run with Control Room's two options. */
    stop: { request: StopRunRequest, response: z.object({ accepted: z.boolean() }) },
    // --- end of run detail ---
  },
  inbox: inboxCommands,
  // --- Settings the window reads and changes (issue 10; src/main/core/settings-commands.ts) ---
  settings: {
    /** The network, secret-storage, notification, favourite and preset settings. */
    get: { request: empty, response: AppSettings },
    /**
     * Sets (or, with null, clears) the proxy and the extra CA file; both are checked first, and every
     * Control Room client uses them from its next request on.
     */
    setNetwork: {
      request: z
        .object({
          proxyUrl: z.string().max(2000).nullable().optional(),
          caFile: z.string().max(4000).nullable().optional(),
        })
        .strict(),
      response: AppSettings,
    },
    /** Opts in (or out) of keeping secrets on disk where the OS offers no secure storage. */
    setSecretStorage: {
      request: z.object({ allowPlainTextSecrets: z.boolean() }).strict(),
      response: AppSettings,
    },
    /** Replaces the notification rules (at most one per connection and one per process). */
    setNotificationRules: {
      request: z.object({ rules: z.array(NotificationRule).max(1000) }).strict(),
      response: AppSettings,
    },
    /** Replaces the favourite processes the tray offers, each with its saved payload. */
    setFavourites: {
      request: z.object({ favourites: z.array(Favourite).max(100) }).strict(),
      response: AppSettings,
    },
    /** Replaces the payload presets of every process (names unique per process). */
    setPresets: {
      request: z.object({ presets: z.array(ProcessPreset).max(PRESETS_MAX) }).strict(),
      response: AppSettings,
    },
  },
  // --- end of settings ---
  room: roomCommands,
} as const

/**
 * Which run to show: what a notification, the tray or a robodeck:// link asks the window to open;
 * `view` is the part a failure's notification offered (its console or its outputs).
 */
export const RunToOpen = z
  .object({ connectionId: id, runId: id, view: z.enum(['console', 'outputs']).optional() })
  .strict()
export type RunToOpen = z.infer<typeof RunToOpen>

/** Events: main -> renderer. */
export const events = {
  /** A run was seen for the first time while watching; emitted once per run. */
  'run.started': RunSummary,
  /** A run appeared or changed state. */
  'run.updated': RunSummary,
  /** A run reached a final state; emitted exactly once per run. */
  'run.finished': RunSummary,
  /** A connection's health changed, or its runs were read again. */
  'connection.status': ConnectionStatus,
  /** Desktop only: the user clicked a run's notification or tray item; the window shows that run. */
  'run.open': RunToOpen,
  ...inboxEvents,
} as const

type Commands = typeof commands
export type Namespace = keyof Commands
export type MethodOf<N extends Namespace> = keyof Commands[N] & string
type Spec<N extends Namespace, M extends MethodOf<N>> = Commands[N][M] extends {
  request: z.ZodType
  response: z.ZodType
}
  ? Commands[N][M]
  : never

/** What the caller passes (before defaults are applied). */
export type CommandRequest<N extends Namespace, M extends MethodOf<N>> = z.input<Spec<N, M>['request']>
/** What the handler receives, already validated. */
export type ParsedRequest<N extends Namespace, M extends MethodOf<N>> = z.output<Spec<N, M>['request']>
export type CommandResponse<N extends Namespace, M extends MethodOf<N>> = z.output<Spec<N, M>['response']>

export type { CommandName, EventName } from './bridge-names'

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Assert<T extends true> = T
/** Compile-time checks: bridge-names.ts lists exactly this contract's commands and events. */
export type CommandNamesMatchContract = Assert<
  Same<{ [N in Namespace]: `${N}.${MethodOf<N>}` }[Namespace], CommandName>
>
export type EventNamesMatchContract = Assert<Same<keyof typeof events, EventName>>

/** The main side: one async handler per command. Missing one is a compile error. */
export type CommandHandlers = {
  [N in Namespace]: { [M in MethodOf<N>]: (request: ParsedRequest<N, M>) => Promise<CommandResponse<N, M>> }
}

/** The renderer side: one method per command, returning the response or throwing a BridgeError. */
export type BridgeCommands = {
  [N in Namespace]: { [M in MethodOf<N>]: (request: CommandRequest<N, M>) => Promise<CommandResponse<N, M>> }
}

export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

/**
 * Every error code Robodeck itself puts in a bridge error, by who raises it: the catalogue the UI
 * can branch on. `http_<status>` is a Control Room answer with an error status and no error body.
 */
export const BridgeErrorCode = z.union([
  z.enum([
    // The core (src/main/core).
    'unknown_connection', // no connection with that id
    'no_api_key', // the connection has no key in the vault
    'unreachable', // Control Room did not answer
    'bad_response', // Control Room answered outside its API's shapes
    'not_started', // Control Room accepted a launch but did not start the run
    'secret_unavailable', // the vault cannot decrypt a secret (backend changed, data damaged)
    'local_room_in_use', // another local room holds the app's room folder and takes none of its keys
    // The Control Room client (src/main/core/controlroom-http.ts).
    'key_rejected', // 401: Control Room does not accept the key
    'missing_permission', // 403 naming a permission the key lacks
    'access_denied', // 403 naming none (e.g. the key belongs to another workspace)
    'not_found', // 404
    'rate_limited', // 429: wait as asked
    'tls_failed', // the server's certificate is not trusted
    'proxy_failed', // the proxy refused or failed the connection
    'insecure_url', // an http: URL that is not loopback, or a redirect to one
    'invalid_credential', // not a user access credential, or Control Room refused it
    'local_connection', // the built-in local room's connection cannot be removed, renamed or given a key here
    // Settings (src/main/core/settings-commands.ts).
    'invalid_setting', // a proxy that is not an http(s) URL, a CA file that is missing or not PEM
    'internal', // anything unexpected; the details are in main's log, never in the message
    // The dispatcher (src/main/core/dispatch.ts).
    'invalid_request', // the request does not match the command's schema
    'unknown_command', // no command by that wire name
    // Desktop IPC (src/main/desktop/ipc.ts).
    'untrusted_sender', // not the app window's own page in its main frame
    // Web mode's server (src/web/server.ts).
    'wrong_host', // a Host header web mode does not serve (DNS rebinding)
    'unauthorized', // a missing or wrong token
    'bad_request', // a request web mode could not read
    // The renderer's own bridge (src/renderer/src/bridge/bridge-error.ts).
    'web.token_missing',
    'web.unauthorized',
    'web.unreachable',
    'bridge.bad_response',
    'bridge.ipc_failed',
    ...INBOX_ERROR_CODES,
    ...ROOM_ADMIN_ERROR_CODES,
  ]),
  z.templateLiteral(['http_', z.number().int()]),
])
export type BridgeErrorCode = z.infer<typeof BridgeErrorCode>

declare const fromControlRoom: unique symbol
/**
 * An error code Control Room sent (e.g. `forbidden`), passed through as it came: its API leaves
 * the code open (genericErrorResponse), so these cannot be catalogued. Made only by
 * controlRoomErrorCode(), so a free string cannot pass for a catalogued code by accident.
 */
export type ControlRoomErrorCode = string & { readonly [fromControlRoom]: true }
export const controlRoomErrorCode = (code: string) => code as ControlRoomErrorCode

/**
 * Errors crossing the bridge: a code the UI can branch on and a message a person can act on. On
 * the wire the code is a string, since Control Room's own codes pass through; what Robodeck raises
 * is a BridgeErrorCode (see bridgeError).
 */
export const BridgeErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  /** HTTP status of the Control Room call that failed, when there was one. */
  status: z.number().int().optional(),
})
export type BridgeErrorBody = z.infer<typeof BridgeErrorBody>

/** An error body with a catalogued code: how every part of Robodeck writes one. */
export function bridgeError(
  code: BridgeErrorCode | ControlRoomErrorCode,
  message: string,
  status?: number,
): BridgeErrorBody {
  return status === undefined ? { code, message } : { code, message, status }
}

/** The envelope every command answers with, over IPC and over HTTP alike. */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeErrorBody }

/** What one preload method does: send the request over IPC and hand back main's envelope as it came. */
export type PreloadForward = (request: unknown) => Promise<BridgeResult<unknown>>

/**
 * What the preload exposes as `window.robodeck`. It only forwards: main validates every request and
 * the renderer checks every answer and event payload against this contract, so the preload's own
 * types stay loose on purpose. The preload's object `satisfies` this, so a command missing from it
 * is a compile error.
 */
export interface PreloadApi {
  commands: CommandTree<PreloadForward>
  /** Subscribes to one of the contract's events; returns the unsubscribe function. */
  on(event: EventName, listener: (payload: unknown) => void): () => void
}

/** The full API object the renderer talks to. */
export interface BridgeApi {
  commands: BridgeCommands
  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

/** The schemas of one command by its wire name, or undefined for an unknown name. */
export function commandSpec(name: string): { request: z.ZodType; response: z.ZodType } | undefined {
  const [namespace, method, ...rest] = name.split('.')
  if (!namespace || !method || rest.length > 0 || !Object.hasOwn(commands, namespace)) return undefined
  const methods = commands[namespace as Namespace] as Record<
    string,
    { request: z.ZodType; response: z.ZodType }
  >
  return Object.hasOwn(methods, method) ? methods[method] : undefined
}
