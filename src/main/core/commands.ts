/**
 * The implementation of every bridge command. Requests arrive already validated by the dispatcher;
 * reads across several connections report each connection that failed beside the others' results.
 */
import type { CommandHandlers } from '../../shared/bridge'
import type { AppInfo, ConnectionFailure, ConnectionStatus } from '../../shared/domain'
import { compareNewestFirst } from '../../shared/runs'
import type { Connections } from './connections'
import type { ControlRoomClient } from './controlroom-client'
import { toBridgeError } from './errors'
import { toRunSummary } from './runs'

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

/** Builds the command handlers over the core's parts. */
export function createCommandHandlers(deps: CommandDeps): CommandHandlers {
  return {
    app: {
      info: () => deps.appInfo(),
    },
    connections: {
      list: () => deps.connections.summaries(),
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
        const runId = await deps.client(connectionId).startRun(processId, payload)
        deps.launched(connectionId, runId)
        return { runId }
      },
    },
    runs: {
      async list({ connectionId, limit = DEFAULT_RUN_LIMIT }) {
        const { items, failures } = await acrossConnections(deps, connectionId, async (id) =>
          (await deps.client(id).listRuns({ limit })).data.map((run) => toRunSummary(id, run)),
        )
        return { runs: items.sort(compareNewestFirst).slice(0, limit), failures }
      },
    },
  }
}
