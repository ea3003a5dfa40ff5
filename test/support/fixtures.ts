/** Small builders for the shapes many tests need. */
import type { CommandHandlers } from '../../src/shared/bridge'
import type { InboxStatus } from '../../src/shared/bridge-inbox'
import { type AppInfo, ConnectionSummary, type RunSummary } from '../../src/shared/domain'
import type { AppSettings } from '../../src/shared/settings'
import type { DataFolder } from '../../src/shared/system-settings'

/** A run of the sample process as the renderer sees it; override what the test is about. */
export function runSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    connectionId: 'local',
    id: 'r1',
    processId: 'p1',
    processName: 'Echo payload',
    state: 'completed',
    createdAt: '2026-01-01T00:00:00Z',
    startedAt: null,
    endedAt: null,
    duration: 1,
    ...overrides,
  }
}

/** A connection as the renderer sees it, with the contract's defaults; override what the test is about. */
export function connectionSummary(
  fields: Pick<ConnectionSummary, 'id' | 'name' | 'kind' | 'apiUrl' | 'workspaceId'> &
    Partial<ConnectionSummary>,
): ConnectionSummary {
  return ConnectionSummary.parse({ keySuffix: null, ...fields })
}

/** The connection runSummary()'s runs belong to by default: the window shows only listed workspaces' runs. */
export const localConnection = (): ConnectionSummary =>
  connectionSummary({
    id: 'local',
    name: 'Local Control Room',
    kind: 'local',
    apiUrl: 'http://127.0.0.1:4123/api/v1',
    workspaceId: 'ws',
  })

const unused = async (): Promise<never> => {
  throw new Error('not used by this test')
}

/** The connections commands a stub bridge does not exercise, beside a `list` it defines. */
export const stubConnectionCommands = {
  add: unused,
  rename: unused,
  setProduction: unused,
  remove: unused,
  linkCredential: unused,
  setKey: unused,
  status: async () => [],
  refresh: async () => ({}),
}

/** The settings as a fresh install has them. */
export const stubSettings: AppSettings = {
  network: {},
  allowPlainTextSecrets: false,
  notificationRules: [],
  favourites: [],
  presets: [],
}

/** Web mode's data folder: shown, set by the command line. */
export const stubDataFolder: DataFolder = {
  path: '/home/ann/.robodeck-web',
  defaultPath: '/home/ann/.robodeck-web',
  changeable: false,
  fixedReason: 'Web mode keeps its data in the folder given with --data.',
  canShow: false,
}

/** Settings commands that answer with the defaults and change nothing. */
export const stubSettingsCommands: CommandHandlers['settings'] = {
  get: async () => stubSettings,
  setNetwork: unused,
  setSecretStorage: unused,
  setNotificationRules: unused,
  setFavourites: unused,
  setPresets: unused,
  // What web mode answers about the system: no start at login, a data folder set by --data.
  startAtLogin: async () => ({ available: false, enabled: false, reason: 'Only in the desktop app.' }),
  setStartAtLogin: unused,
  dataFolder: async () => stubDataFolder,
  pickDataFolder: unused,
  setDataFolder: unused,
  showDataFolder: unused,
}

/** The run-detail commands a stub bridge does not exercise. */
export const stubRunDetailCommands = {
  get: unused,
  console: unused,
  workItems: unused,
  artifacts: unused,
  artifact: unused,
  stop: unused,
}

/** What web mode's app.info answers, as the stub handlers below give it. */
export const stubAppInfo: AppInfo = {
  version: 't',
  mode: 'web',
  secretStorage: 'file_key',
  secretStorageSecure: false,
  secretsInMemoryOnly: false,
  plainTextChoice: false,
  versions: {},
}

/** The webhook inbox as it is on a fresh start: off, empty, no secret. */
export const stubInboxStatus: InboxStatus = {
  enabled: false,
  port: 8977,
  address: null,
  error: null,
  secretSet: false,
  count: 0,
  bytes: 0,
  maxCount: 500,
  maxBytes: 32 * 1024 * 1024,
  maxDeliveryBytes: 1024 * 1024,
}

/** The inbox commands of a stub bridge: an empty inbox that is off; the rest is not used. */
export const stubInboxCommands: CommandHandlers['inbox'] = {
  status: async () => stubInboxStatus,
  configure: unused,
  setSecret: unused,
  list: async () => [],
  get: unused,
  replay: unused,
  clear: unused,
}

/** The room's commands of a stub bridge: no processes, keys, credentials or webhooks; the rest is not used. */
export const stubRoomCommands: CommandHandlers['room'] = {
  processes: async () => [],
  setStepSettings: unused,
  permissions: async () => [],
  apiKeys: async () => [],
  createApiKey: unused,
  revealApiKey: unused,
  updateApiKey: unused,
  deleteApiKey: unused,
  credentials: async () => [],
  createCredential: unused,
  revokeCredential: unused,
  webhooks: async () => [],
  createWebhook: unused,
  revealWebhookSecret: unused,
  updateWebhook: unused,
  deleteWebhook: unused,
  webhookAttempts: async () => ({ attempts: [], next: null }),
  redeliverWebhook: unused,
  testWebhook: unused,
  robots: async () => [],
  importRobot: unused,
  deleteRobot: unused,
  createProcess: unused,
  deleteProcess: unused,
}

/** Command handlers with no workspace behind them: empty lists, a launch answering run `r1`. */
export function stubCommandHandlers(processes: Partial<CommandHandlers['processes']> = {}): CommandHandlers {
  return {
    app: { info: async () => stubAppInfo, relaunch: unused, choosePath: unused },
    connections: { ...stubConnectionCommands, list: async () => [] },
    processes: {
      list: async () => ({ processes: [], failures: [] }),
      launch: async () => ({ runId: 'r1' }),
      ...processes,
    },
    runs: { list: async () => ({ runs: [], failures: [] }), ...stubRunDetailCommands },
    inbox: stubInboxCommands,
    settings: stubSettingsCommands,
    room: stubRoomCommands,
  }
}
