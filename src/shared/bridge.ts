/**
 * The bridge contract: every command the renderer may send to the main process and every event the
 * main process pushes back, each with a runtime schema. Main, preload, web mode and renderer derive
 * their types from this one map, so a command added here is a compile error wherever it is not
 * handled. Payloads carry ids, names, states and masked key suffixes only: never a secret.
 */
import { z } from 'zod'
import { AppInfo, ConnectionSummary, JsonValue, ProcessListResult, RunListResult, RunSummary } from './domain'

const id = z.string().min(1).max(200)
const empty = z.object({}).strict()

/** Commands: renderer -> main, one request and one response each. */
export const commands = {
  app: {
    /** Version, mode and whether secrets are in OS-backed secure storage. */
    info: { request: empty, response: AppInfo },
  },
  connections: {
    /** Every configured workspace connection, with a masked key suffix. */
    list: { request: empty, response: z.array(ConnectionSummary) },
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
    /** The newest runs of one connection, or of every connection, newest first. */
    list: {
      request: z
        .object({ connectionId: id.optional(), limit: z.number().int().min(1).max(500).optional() })
        .strict(),
      response: RunListResult,
    },
  },
} as const

/** Which run to show: what a notification or the tray asks the window to open. */
export const RunToOpen = z.object({ connectionId: id, runId: id }).strict()
export type RunToOpen = z.infer<typeof RunToOpen>

/** Events: main -> renderer. */
export const events = {
  /** A run appeared or changed state. */
  'run.updated': RunSummary,
  /** A run reached a final state; emitted exactly once per run. */
  'run.finished': RunSummary,
  /** Desktop only: the user clicked a run's notification or tray item; the window shows that run. */
  'run.open': RunToOpen,
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

/** `namespace.method`, the wire name of a command (IPC channel suffix, HTTP path segment). */
export type CommandName = { [N in Namespace]: `${N}.${MethodOf<N>}` }[Namespace]

/** The main side: one async handler per command. Missing one is a compile error. */
export type CommandHandlers = {
  [N in Namespace]: { [M in MethodOf<N>]: (request: ParsedRequest<N, M>) => Promise<CommandResponse<N, M>> }
}

/** The renderer side: one method per command, returning the response or throwing a BridgeError. */
export type BridgeCommands = {
  [N in Namespace]: { [M in MethodOf<N>]: (request: CommandRequest<N, M>) => Promise<CommandResponse<N, M>> }
}

export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

/** Errors crossing the bridge: a code the UI can branch on and a message a person can act on. */
export const BridgeErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  /** HTTP status of the Control Room call that failed, when there was one. */
  status: z.number().int().optional(),
})
export type BridgeErrorBody = z.infer<typeof BridgeErrorBody>

/** The envelope every command answers with, over IPC and over HTTP alike. */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeErrorBody }

/** The full API object the renderer talks to. */
export interface BridgeApi {
  commands: BridgeCommands
  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

/** Every command as [namespace, method, wire name]; used to generate the preload and HTTP routes. */
export const commandList: ReadonlyArray<{ namespace: Namespace; method: string; name: CommandName }> =
  Object.entries(commands).flatMap(([namespace, methods]) =>
    Object.keys(methods).map((method) => ({
      namespace: namespace as Namespace,
      method,
      name: `${namespace}.${method}` as CommandName,
    })),
  )

export const eventNames = Object.keys(events) as EventName[]

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

/** The IPC channel of a command or event in the desktop app. */
export const ipcChannel = (name: string) => `robodeck:${name}`
