/**
 * The bridge contract: every command the renderer may send to the main process and every event the
 * main process pushes back, each with a runtime schema. Main, preload, web mode and renderer derive
 * their types from this one map, so a command added here is a compile error wherever it is not
 * handled. Payloads carry ids, names, states and masked key suffixes only: never a secret, but
 * for the answers of room.createApiKey, room.revealApiKey, room.createCredential,
 * room.createWebhook and room.revealWebhookSecret (asked for by a click on the local room's keys
 * and webhooks pages; docs/security.md).
 */
import { z } from 'zod'
import { connectionCommands } from './bridge-connections'
import { emptyRequest, id } from './bridge-fields'
import { INBOX_ERROR_CODES, inboxCommands, inboxEvents } from './bridge-inbox'
import type { CommandName, CommandTree, EventName } from './bridge-names'
import { ROOM_ADMIN_ERROR_CODES, roomCommands } from './bridge-room'
import { processCommands, runCommands } from './bridge-runs'
import { settingsCommands } from './bridge-settings'
import { AppInfo, ConnectionStatus, RunSummary } from './domain'
import { PathKind } from './room-robots'

/** Commands: renderer -> main, one request and one response each. */
export const commands = {
  app: {
    /** Version, mode and whether secrets are in OS-backed secure storage. */
    info: { request: emptyRequest, response: AppInfo },
    /** Desktop: quits (the room shut down as at any quit) and starts again, e.g. for a new data folder. */
    relaunch: { request: emptyRequest, response: z.object({}).strict() },
    /**
     * Desktop only: the system's file dialog, to choose a robot folder or zip; the path chosen, or
     * null when the dialog was cancelled. Web mode answers desktop_only (a path is typed there).
     */
    choosePath: {
      request: z.object({ kind: PathKind }).strict(),
      response: z.object({ path: z.string().nullable() }),
    },
  },
  connections: connectionCommands,
  processes: processCommands,
  runs: runCommands,
  inbox: inboxCommands,
  settings: settingsCommands,
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
    'invalid_setting', // a proxy that is not an http(s) URL, a CA file that is missing or not PEM, a data folder that cannot be used
    'desktop_only', // start at login, the folder picker, showing a folder, relaunching: the desktop app's
    'system_failed', // the system refused: a login item, the autostart file, opening the file manager
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
