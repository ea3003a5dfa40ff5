/**
 * The implementation of every bridge command. Requests arrive already validated by the dispatcher;
 * reads across several connections report each connection that failed beside the others' results.
 */
import type { CommandHandlers } from '../../shared/bridge'
import type { AppInfo, ConnectionFailure, ConnectionStatus } from '../../shared/domain'
import { sortNewestFirst } from '../../shared/runs'
import { addWorkspace, learnFromWrite, replaceKey, verifyCredential } from './connection-admin'
import type { Connections } from './connections'
import type { ControlRoomClient } from './controlroom-client'
import type { NetworkSettings } from './controlroom-http'
import { CoreError, toBridgeError } from './errors'
import { createRoomAdminCommands } from './room-admin-commands'
import { createRunDetailHandlers } from './run-detail-commands'
import { toRunSummary } from './runs'
import { formatRunsCursor, parseRunsCursor } from './runs-cursor'
import { createSettingsCommands, type SettingsCommandDeps } from './settings-commands'
import { createSystemCommands, type SystemCommandDeps } from './system-commands'
import { createInboxCommands } from './webhooks/inbox/inbox-commands'
import type { WebhookInbox } from './webhooks/inbox/webhook-inbox'

export interface CommandDeps {
  appInfo: () => Promise<AppInfo>
  connections: Connections
  client: (connectionId: string) => ControlRoomClient
  /** Called after a launch so the watcher looks at once instead of at its next tick. */
  launched: (connectionId: string, runId: string) => void
  /** The watcher's view of each connection. */
  statuses: () => ConnectionStatus[]
  /** Looks at one connection, or all, now. */
  refresh: (connectionId?: string) => Promise<void>
  network: () => NetworkSettings
  /** The connection list changed (added, removed): the watcher and the clients follow. */
  connectionsChanged: (connectionId: string) => Promise<void>
  /** The webhook inbox (its commands live in webhooks/inbox/inbox-commands.ts). */
  inbox: WebhookInbox
  settings: SettingsCommandDeps
  /** Start at login, the data folder and relaunching (system-commands.ts). */
  system: SystemCommandDeps
}

const DEFAULT_RUN_LIMIT = 50

/** Runs `read` on the chosen connection, or on all, collecting results and per-connection failures. */
async function acrossConnections<T>(
  deps: CommandDeps,
  connectionId: string | undefined,
  read: (connectionId: string) => Promise<T[]>,
): Promise<{ items: T[]; failures: ConnectionFailure[] }> {
  const ids = connectionId
    ? [deps.connections.get(connectionId).id]
    : deps.connections.list().map((c) => c.id)
  const results = await Promise.allSettled(ids.map(read))
  const items: T[] = []
  const failures: ConnectionFailure[] = []
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') items.push(...result.value)
    else failures.push({ connectionId: ids[index] as string, ...pick(toBridgeError(result.reason)) })
  })
  return { items, failures }
}

const pick = ({ code, message }: { code: string; message: string }) => ({ code, message })

const summary = async (deps: CommandDeps, connectionId: string) =>
  (await deps.connections.summaries()).find((c) => c.id === connectionId) ??
  deps.connections.get(connectionId)

/** Builds the command handlers over the core's parts. */
export function createCommandHandlers(deps: CommandDeps): CommandHandlers {
  const system = createSystemCommands(deps.system)
  return {
    app: {
      info: () => deps.appInfo(),
      relaunch: system.relaunch,
      choosePath: system.choosePath,
    },
    connections: {
      list: () => deps.connections.summaries(),
      async add(request) {
        const added = await addWorkspace(deps.connections, request, deps.network())
        await deps.connectionsChanged(added.id)
        return added
      },
      async rename({ connectionId, name }) {
        deps.connections.update(connectionId, { name })
        return summary(deps, connectionId)
      },
      async setProduction({ connectionId, production }) {
        deps.connections.update(connectionId, { production })
        return summary(deps, connectionId)
      },
      async remove({ connectionId }) {
        if (deps.connections.get(connectionId).kind === 'local')
          throw new CoreError(
            'local_connection',
            'The local Control Room is part of Robodeck and cannot be removed.',
          )
        deps.connections.remove(connectionId)
        await deps.connectionsChanged(connectionId)
        return {}
      },
      async linkCredential({ connectionId, credential }) {
        const connection = deps.connections.get(connectionId)
        const user = await verifyCredential(connection.apiUrl, credential, deps.network())
        await deps.connections.setUserCredential(connectionId, credential, user)
        return summary(deps, connectionId)
      },
      async setKey({ connectionId, apiKey }) {
        const changed = await replaceKey(deps.connections, connectionId, apiKey, deps.network())
        // A new client with the new key, and a look now: the connection need not wait out its backoff.
        await deps.connectionsChanged(connectionId)
        void deps.refresh(connectionId)
        return changed
      },
      status: async () => deps.statuses(),
      async refresh({ connectionId }) {
        if (connectionId) deps.connections.get(connectionId)
        await deps.refresh(connectionId)
        return {}
      },
    },
    processes: {
      async list({ connectionId }) {
        const { items, failures } = await acrossConnections(deps, connectionId, async (id) =>
          (await deps.client(id).listProcesses()).map((apiProcess) => ({
            connectionId: id,
            id: apiProcess.id,
            name: apiProcess.name,
            createdAt: apiProcess.created_at,
          })),
        )
        return { processes: items, failures }
      },
      async launch({ connectionId, processId, payload }) {
        deps.connections.get(connectionId)
        let runId: string
        try {
          runId = await deps.client(connectionId).startRun(processId, payload)
        } catch (error) {
          learnFromWrite(deps.connections, connectionId, 'Processes.trigger_processes', error)
          throw error
        }
        learnFromWrite(deps.connections, connectionId, 'Processes.trigger_processes')
        deps.launched(connectionId, runId)
        return { runId }
      },
    },
    runs: {
      async list({ connectionId, limit = DEFAULT_RUN_LIMIT, cursor }) {
        const from = cursor === undefined ? undefined : parseRunsCursor(cursor)
        const positions = new Map<string, string>()
        const { items, failures } = await acrossConnections(deps, connectionId, async (id) => {
          // A cursor continues only the connections it names (the others had no older runs).
          if (from && !from.has(id)) return []
          const page = await deps.client(id).readRuns(from?.get(id) ?? '', limit)
          if (page.next !== null) positions.set(id, page.next)
          return page.runs.map((run) => toRunSummary(id, run))
        })
        return { runs: sortNewestFirst(items), failures, next: formatRunsCursor(positions) }
      },
      ...createRunDetailHandlers(deps),
    },
    inbox: createInboxCommands(deps.inbox),
    settings: { ...createSettingsCommands(deps.settings), ...system.settings },
    room: createRoomAdminCommands(deps.connections),
  }
}
