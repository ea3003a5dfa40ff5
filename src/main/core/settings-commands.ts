/**
 * The bridge commands for the settings a person changes from the window: the proxy and the extra
 * CA file (checked before they are saved, then used by every Control Room client from its next
 * request, without a restart), keeping secrets on disk without secure storage, the notification
 * rules, the tray's favourites and the payload presets. Each change is saved in the settings document before it answers.
 */
import type { CommandHandlers } from '../../shared/bridge'
import {
  type AppSettings,
  type Favourite,
  type NotificationRule,
  type ProcessPreset,
  ruleConnection,
  ruleProcess,
} from '../../shared/settings'
import type { Connections } from './connections'
import { checkProxyUrl, readCaFile } from './controlroom-http'
import { CoreError } from './errors'
import type { SettingsStore } from './settings/settings'
import type { Settings } from './settings/settings-schema'
import type { SystemSettingsCommands } from './system-commands'
import type { Vault } from './vault'

export interface SettingsCommandDeps {
  settings: SettingsStore
  vault: Vault
  connections: Connections
  /** The network settings changed: the clients are rebuilt with them. */
  networkChanged: () => Promise<void>
}

/** What the window sees of the settings document. */
export const appSettings = (settings: Settings): AppSettings => ({
  network: settings.network,
  allowPlainTextSecrets: settings.allowPlainTextSecrets,
  notificationRules: settings.notificationRules,
  favourites: settings.favourites,
  presets: settings.presets,
})

/** A field of setNetwork: absent keeps it, null or blank clears it, text sets it once checked. */
function nextValue(
  requested: string | null | undefined,
  current: string | undefined,
  check: (value: string) => string,
): string | undefined {
  if (requested === undefined) return current
  if (requested === null || requested.trim() === '') return undefined
  return check(requested.trim())
}

/** Throws `invalid_setting` naming the first entry that repeats an earlier one's key. */
function refuseDuplicates<T>(entries: T[], key: (entry: T) => string, what: (entry: T) => string) {
  const seen = new Set<string>()
  for (const entry of entries) {
    const k = key(entry)
    if (seen.has(k)) throw new CoreError('invalid_setting', `${what(entry)} is listed twice.`)
    seen.add(k)
  }
}

const ruleKey = (rule: NotificationRule) => `${ruleConnection(rule) ?? ''}\u0000${ruleProcess(rule) ?? ''}`
function ruleName(rule: NotificationRule) {
  const connectionId = ruleConnection(rule)
  const processId = ruleProcess(rule)
  if (connectionId === undefined) return 'The default rule'
  return processId === undefined
    ? `The rule for connection ${connectionId}`
    : `The rule for process ${processId} of ${connectionId}`
}
const favouriteKey = (favourite: Favourite) => `${favourite.connectionId}\u0000${favourite.processId}`
const presetKey = (preset: ProcessPreset) => `${favouriteKey(preset)}\u0000${preset.name}`

/** The settings document's commands; the system's (start at login, the data folder) are system-commands.ts's. */
export function createSettingsCommands(
  deps: SettingsCommandDeps,
): Omit<CommandHandlers['settings'], keyof SystemSettingsCommands> {
  const knownConnections = (ids: string[]) => {
    for (const id of new Set(ids)) deps.connections.get(id)
  }
  return {
    get: async () => appSettings(deps.settings.get()),
    async setNetwork({ proxyUrl, caFile }) {
      const current = deps.settings.get().network
      const network = {
        proxyUrl: nextValue(proxyUrl, current.proxyUrl, checkProxyUrl),
        caFile: nextValue(caFile, current.caFile, (path) => {
          readCaFile(path, 'invalid_setting')
          return path
        }),
      }
      const saved = deps.settings.update((settings) => ({
        ...settings,
        network: Object.fromEntries(Object.entries(network).filter(([, value]) => value !== undefined)),
      }))
      await deps.networkChanged()
      return appSettings(saved)
    },
    async setSecretStorage({ allowPlainTextSecrets }) {
      const saved = deps.settings.update((settings) => ({ ...settings, allowPlainTextSecrets }))
      await deps.vault.applyStoragePolicy()
      return appSettings(saved)
    },
    async setNotificationRules({ rules }) {
      knownConnections(rules.flatMap((rule) => ruleConnection(rule) ?? []))
      refuseDuplicates(rules, ruleKey, ruleName)
      return appSettings(deps.settings.update((settings) => ({ ...settings, notificationRules: rules })))
    },
    async setFavourites({ favourites }) {
      knownConnections(favourites.map((favourite) => favourite.connectionId))
      refuseDuplicates(
        favourites,
        favouriteKey,
        (favourite) => `The favourite ${favourite.processId} of ${favourite.connectionId}`,
      )
      return appSettings(deps.settings.update((settings) => ({ ...settings, favourites })))
    },
    async setPresets({ presets }) {
      knownConnections(presets.map((preset) => preset.connectionId))
      refuseDuplicates(
        presets,
        presetKey,
        (preset) => `The preset “${preset.name}” of ${preset.processId} of ${preset.connectionId}`,
      )
      return appSettings(deps.settings.update((settings) => ({ ...settings, presets })))
    },
  }
}
