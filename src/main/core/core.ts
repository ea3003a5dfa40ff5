/**
 * The core: everything the main process does, with no Electron in it. The desktop app and web mode
 * each create one and connect its commands and events to their transport.
 */

import { join } from 'node:path'
import type { CommandHandlers } from '../../shared/bridge'
import type { Bootstrap } from '../../shared/local-room-bootstrap'
import type { PathKind } from '../../shared/room-robots'
import type { SecretCipher } from './cipher'
import { createCommandHandlers } from './commands'
import { type Connections, LOCAL_CONNECTION_ID, openConnections } from './connections'
import { type ControlRoomClient, createControlRoomClient } from './controlroom-client'
import { createDispatcher, type Dispatch } from './dispatch'
import { CoreError } from './errors'
import { createEventBus, type EventBus } from './events'
import { keysForRunningRoom, type RunningRoom } from './running-room'
import { toRunSummary } from './runs'
import {
  type OpenSettingsFile,
  openSettings,
  type SettingsNotice,
  type SettingsStore,
} from './settings/settings'
import { openVault, type Vault } from './vault'
import { openWatchMemory } from './watcher/watch-memory'
import type { ScheduleOptions } from './watcher/watch-schedule'
import { createSignalHub, type WatchSignals } from './watcher/watch-signals'
import { createWatcher, type Watcher } from './watcher/watcher'
import { openWebhookInbox } from './webhooks/inbox/webhook-inbox'
import { createLocalPush, type LocalPush } from './webhooks/local-push'

export interface CoreOptions {
  /** Where settings.json and secrets.json live (Electron's userData in the desktop app). */
  dataDir: string
  cipher: SecretCipher
  /** The settings file store: electron-store in the desktop app, conf in web mode. */
  openSettingsFile: OpenSettingsFile
  /** Told when an unusable settings file was set aside (the app goes on with defaults). */
  onSettingsNotice?: (notice: SettingsNotice) => void
  mode: 'desktop' | 'web'
  version: string
  /** The desktop's file dialog for app.choosePath: the path chosen, or null when cancelled. */
  choosePath?: (kind: PathKind) => Promise<string | null>
  /** How often the watcher looks while runs are active or the window is focused. */
  pollIntervalMs?: number
  /** The rest of the watcher's schedule (the idle interval, backoff, jitter). */
  schedule?: Partial<Omit<ScheduleOptions, 'fastMs'>>
  /** Timeout of each Control Room request. */
  requestTimeoutMs?: number
  logError?: (message: string, error: unknown) => void
}

export interface Core {
  handlers: CommandHandlers
  dispatch: Dispatch
  events: EventBus
  connections: Connections
  settings: SettingsStore
  vault: Vault
  /**
   * Where sleep/wake, online/offline and window focus reach the watcher: the desktop app feeds it
   * from powerMonitor and the window, web mode from a timer-gap detector.
   */
  signals: WatchSignals
  /** Saves (or refreshes) the connection to the built-in local Control Room from its bootstrap line. */
  connectLocalRoom(bootstrap: Bootstrap): Promise<void>
  /**
   * Connects to a room another process runs on the app's room folder, with a key the vault already
   * holds or one made with the vault's owner credential; a CoreError naming the room when neither works.
   */
  attachLocalRoom(room: RunningRoom): Promise<void>
  /** The local room's webhook push (its registration, for diagnostics and tests). */
  localPush: Pick<LocalPush, 'registration'>
  /** Starts watching runs. */
  start(): void
  close(): Promise<void>
}

const DEFAULT_POLL_MS = 2_000
const WATCH_WINDOW = 50

/** The runtime versions the About page names: Electron's main has all three, web mode Node's only. */
const pickVersions = ({ node, electron, chrome }: Partial<Record<string, string>>) =>
  Object.fromEntries(Object.entries({ node, electron, chrome }).filter(([, value]) => value !== undefined))

/** Creates the core over a data directory and a cipher. */
export function createCore(options: CoreOptions): Core {
  const logError = options.logError ?? ((message, error) => console.error(message, error))
  const settings = openSettings(
    options.dataDir,
    options.openSettingsFile,
    options.onSettingsNotice ?? ((notice) => logError(notice.message, notice.setAsideAt)),
  )
  const vault = openVault(options.dataDir, options.cipher, {
    allowPlainText: () => settings.get().allowPlainTextSecrets,
  })
  const connections = openConnections(settings, vault, (error) =>
    logError('the local room key is held in memory only: the vault could not take a copy', error),
  )
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
        timeoutMs: options.requestTimeoutMs,
        network: settings.get().network,
      })
      clients.set(connectionId, existing)
    }
    return existing
  }

  const signals = createSignalHub()
  const watcher: Watcher = createWatcher({
    events,
    signals,
    memory: openWatchMemory(join(options.dataDir, 'watch-state.json')),
    schedule: { ...options.schedule, fastMs: options.pollIntervalMs ?? DEFAULT_POLL_MS },
    connections: () =>
      connections.list().map((connection) => ({
        id: connection.id,
        fetchRuns: async () =>
          (await client(connection.id).listRuns({ limit: WATCH_WINDOW, retry: false })).data.map((run) =>
            toRunSummary(connection.id, run),
          ),
        fetchRun: async (runId) => {
          try {
            return toRunSummary(connection.id, await client(connection.id).getRun(runId, { retry: false }))
          } catch (error) {
            if (error instanceof CoreError && error.status === 404) return null
            throw error
          }
        },
      })),
    onError: (connectionId, error) => logError(`watching runs of ${connectionId} failed`, error),
  })

  // Webhook push from the local room: notifications within a second; the watcher is the safety net.
  const localPush = createLocalPush({
    dataDir: options.dataDir,
    onRun: (runId) => void watcher.pushed(LOCAL_CONNECTION_ID, runId),
    logError,
  })
  const inbox = openWebhookInbox({ dataDir: options.dataDir, vault, settings, events, logError })
  /** Drops every client: the next request of each connection builds one with the settings as they are now. */
  const dropClients = async () => {
    const closing = [...clients.values()]
    clients.clear()
    await Promise.allSettled(closing.map((c) => c.close()))
  }

  const handlers = createCommandHandlers({
    choosePath: options.choosePath,
    inbox,
    connections,
    client,
    launched: (connectionId) => void watcher.pollNow(connectionId),
    statuses: () => watcher.statuses(),
    refresh: (connectionId) => watcher.pollNow(connectionId),
    network: () => settings.get().network,
    connectionsChanged: async (connectionId) => {
      await clients.get(connectionId)?.close()
      clients.delete(connectionId)
      watcher.connectionsChanged()
    },
    settings: { settings, vault, connections, networkChanged: dropClients },
    appInfo: async () => {
      const storage = await vault.status()
      return {
        version: options.version,
        mode: options.mode,
        secretStorage: storage.backend,
        secretStorageSecure: storage.secure,
        secretsInMemoryOnly: storage.memoryOnly,
        plainTextChoice: storage.plainTextChoice,
        versions: pickVersions(process.versions),
        dataDir: options.dataDir,
      }
    },
  })

  const connectLocalRoom = async (bootstrap: Bootstrap) => {
    await connections.save(
      {
        id: LOCAL_CONNECTION_ID,
        name: 'Local Control Room',
        kind: 'local',
        apiUrl: bootstrap.url,
        workspaceId: bootstrap.workspace_id,
        apiKey: bootstrap.api_key,
        userCredential: bootstrap.user_credential,
      },
      // The room issues these at every start, and the app must start without a keychain.
      { secretsInMemory: true },
    )
    // The room may have moved to another port: drop the old client so the next call uses the new URL.
    await clients.get(LOCAL_CONNECTION_ID)?.close()
    clients.delete(LOCAL_CONNECTION_ID)
    watcher.connectionsChanged()
    await localPush.connect(bootstrap)
  }

  return {
    handlers,
    dispatch: createDispatcher(handlers, logError),
    events,
    connections,
    settings,
    vault,
    signals,
    connectLocalRoom,
    attachLocalRoom: async (room) => connectLocalRoom(await keysForRunningRoom(connections, room)),
    start() {
      watcher.start()
      void inbox.start()
    },
    localPush,
    async close() {
      await localPush.close()
      await inbox.close()
      await watcher.stop()
      await connections.whenStored()
      await dropClients()
    },
  }
}
