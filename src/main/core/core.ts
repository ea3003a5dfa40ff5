/**
 * The core: everything the main process does, with no Electron in it. The desktop app and web mode
 * each create one and connect its commands and events to their transport.
 */

import type { CommandHandlers } from '../../shared/bridge'
import type { Bootstrap } from '../../shared/local-room-bootstrap'
import type { SecretCipher } from './cipher'
import { createCommandHandlers } from './commands'
import { type Connections, LOCAL_CONNECTION_ID, openConnections } from './connections'
import { type ControlRoomClient, createControlRoomClient } from './controlroom-client'
import { createDispatcher, type Dispatch } from './dispatch'
import { createEventBus, type EventBus } from './events'
import { toRunSummary } from './runs'
import { openVault, type Vault } from './vault'
import { createWatcher, type Watcher } from './watcher'

export interface CoreOptions {
  /** Where connections.json and secrets.json live (Electron's userData in the desktop app). */
  dataDir: string
  cipher: SecretCipher
  mode: 'desktop' | 'web'
  version: string
  /** How often the watcher polls; the local room is on loopback, so this can be short. */
  pollIntervalMs?: number
  logError?: (message: string, error: unknown) => void
}

export interface Core {
  handlers: CommandHandlers
  dispatch: Dispatch
  events: EventBus
  connections: Connections
  vault: Vault
  /** Saves (or refreshes) the connection to the built-in local Control Room from its bootstrap line. */
  connectLocalRoom(bootstrap: Bootstrap): Promise<void>
  /** Starts watching runs. */
  start(): void
  close(): Promise<void>
}

const DEFAULT_POLL_MS = 1_000
const WATCH_WINDOW = 50

/** Creates the core over a data directory and a cipher. */
export function createCore(options: CoreOptions): Core {
  const logError = options.logError ?? ((message, error) => console.error(message, error))
  const vault = openVault(options.dataDir, options.cipher)
  const connections = openConnections(options.dataDir, vault)
  const events = createEventBus((error) => logError('an event listener failed', error))
  const clients = new Map<string, ControlRoomClient>()

  const client = (connectionId: string) => {
    let existing = clients.get(connectionId)
    if (!existing) {
      const connection = connections.get(connectionId)
      existing = createControlRoomClient({
        apiUrl: connection.apiUrl,
        workspaceId: connection.workspaceId,
        apiKey: () => connections.apiKey(connectionId),
      })
      clients.set(connectionId, existing)
    }
    return existing
  }

  const watcher: Watcher = createWatcher({
    events,
    intervalMs: options.pollIntervalMs ?? DEFAULT_POLL_MS,
    connections: () =>
      connections.list().map((connection) => ({
        id: connection.id,
        fetchRuns: async () =>
          (await client(connection.id).listRuns({ limit: WATCH_WINDOW })).data.map((run) =>
            toRunSummary(connection.id, run),
          ),
      })),
    onError: (connectionId, error) => logError(`watching runs of ${connectionId} failed`, error),
  })

  const handlers = createCommandHandlers({
    connections,
    client,
    launched: () => void watcher.pollNow(),
    appInfo: async () => {
      const storage = await vault.status()
      return {
        version: options.version,
        mode: options.mode,
        secretStorage: storage.backend,
        secretStorageSecure: storage.secure,
      }
    },
  })

  return {
    handlers,
    dispatch: createDispatcher(handlers, logError),
    events,
    connections,
    vault,
    async connectLocalRoom(bootstrap) {
      await connections.save({
        id: LOCAL_CONNECTION_ID,
        name: 'Local Control Room',
        kind: 'local',
        apiUrl: bootstrap.url,
        workspaceId: bootstrap.workspace_id,
        apiKey: bootstrap.api_key,
        userCredential: bootstrap.user_credential,
      })
      // The room may have moved to another port: drop the old client so the next call uses the new URL.
      await clients.get(LOCAL_CONNECTION_ID)?.close()
      clients.delete(LOCAL_CONNECTION_ID)
    },
    start: () => watcher.start(),
    async close() {
      await watcher.stop()
      await Promise.all([...clients.values()].map((c) => c.close()))
      clients.clear()
    },
  }
}
