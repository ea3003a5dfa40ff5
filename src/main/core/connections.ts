/**
 * Workspace connections: where each Control Room is and which workspace, kept in the settings;
 * the API key of each lives in the vault. The built-in local room is the connection `local`.
 */
import type { ConnectionSummary } from '../../shared/domain'
import { ruleConnection } from '../../shared/settings'
import { CoreError } from './errors'
import type { SettingsStore } from './settings/settings'
import type { StoredConnection } from './settings/settings-schema'
import type { Vault } from './vault'

export const LOCAL_CONNECTION_ID = 'local'

export interface NewConnection {
  id: string
  name: string
  kind: 'local' | 'cloud'
  apiUrl: string
  workspaceId: string
  apiKey: string
  /** A user access credential for managing the workspace (the local room issues one). */
  userCredential?: string
}

export interface SaveOptions {
  /**
   * Hold the secrets in memory for this run of the app, and give the vault a copy in the background
   * without waiting for it (a copy it cannot take is logged, not fatal). For the local room's key
   * and credential: the room issues new ones at every start, so the app must not fail to start when
   * the OS keychain is locked, denied or missing. The copy only lets a later start connect to a room
   * this one left running.
   */
  secretsInMemory?: boolean
}

export interface Connections {
  list(): ConnectionSummary[]
  /** The list as the renderer sees it, with where each key stands (stored, memory only, needed). */
  summaries(): Promise<ConnectionSummary[]>
  /** The connection, or a CoreError the user can read when the id is unknown. */
  get(id: string): ConnectionSummary
  /** Adds or replaces a connection together with its key. */
  save(connection: NewConnection, options?: SaveOptions): Promise<void>
  /** Changes public fields (name, production, permissions, credentialUser) of a connection. */
  update(
    id: string,
    change: Partial<Pick<StoredConnection, 'name' | 'production' | 'permissions' | 'credentialUser'>>,
  ): void
  /** Removes a connection and its secrets. */
  remove(id: string): void
  /** Replaces the API key of a connection (kept as the vault's rules say), its credential untouched. */
  setApiKey(id: string, apiKey: string): Promise<void>
  /** Stores (or replaces) the user access credential of a connection. */
  setUserCredential(id: string, credential: string, user: string): Promise<void>
  apiKey(id: string): Promise<string>
  /** The connection's user access credential, when one was saved. */
  userCredential(id: string): Promise<string | undefined>
  /** Resolves once the background copies to the vault (secretsInMemory) are done, or have failed. */
  whenStored(): Promise<void>
}

const keyName = (id: string) => `connection/${id}/api-key`
const credentialName = (id: string) => `connection/${id}/user-credential`
const suffixOf = (key: string) => key.slice(-4)

/** The connection list kept in the settings, with its secrets in the vault (or in memory). */
export function openConnections(
  settings: SettingsStore,
  vault: Vault,
  onVaultCopyFailed: (error: unknown) => void = () => {},
): Connections {
  const all = () => settings.get().connections
  const inMemory = new Map<string, string>()
  // One copy at a time, in order: a later start's key must not be overwritten by an earlier one's.
  let copies = Promise.resolve()
  let copyFailed = false
  const copyFailure = (error: unknown) => {
    // Once is enough: the key and the credential fail for the same reason.
    if (!copyFailed) onVaultCopyFailed(error)
    copyFailed = true
  }
  // Vault writes happen in order: a copy still on its way must not land after a later change.
  const keep = async (name: string, value: string, memoryOnly: boolean) => {
    if (!memoryOnly) {
      inMemory.delete(name)
      await copies
      return vault.set(name, value)
    }
    inMemory.set(name, value)
    // Skipped when something newer has replaced the value meanwhile.
    copies = copies
      .then(() => (inMemory.get(name) === value ? vault.set(name, value) : undefined))
      .catch(copyFailure)
  }
  const forget = async (name: string, memoryOnly: boolean) => {
    inMemory.delete(name)
    if (!memoryOnly) {
      await copies
      return vault.delete(name)
    }
    copies = copies.then(() => vault.delete(name)).catch(copyFailure)
  }
  const read = async (name: string) => inMemory.get(name) ?? vault.get(name)
  /** Changes stored fields of one connection in the settings. */
  const patch = (id: string, change: Partial<StoredConnection>) =>
    settings.update((current) => ({
      ...current,
      connections: current.connections.map((c) => (c.id === id ? { ...c, ...change } : c)),
    }))
  const get = (id: string) => {
    const found = all().find((connection) => connection.id === id)
    if (!found) throw new CoreError('unknown_connection', `There is no connection with the id "${id}".`)
    return found
  }

  return {
    list: () => all().map((connection) => ({ ...connection, keyState: 'stored' as const })),
    summaries: () =>
      Promise.all(
        all().map(async (connection) => {
          const state = inMemory.has(keyName(connection.id))
            ? 'memory'
            : await vault.state(keyName(connection.id))
          const keyState = state === 'memory' ? 'memory' : state === 'stored' ? 'stored' : 'needed'
          return { ...connection, keyState } as ConnectionSummary
        }),
      ),
    get: (id) => ({ ...get(id), keyState: 'stored' }),
    async save({ apiKey, userCredential, ...connection }, options = {}) {
      const memoryOnly = options.secretsInMemory === true
      await keep(keyName(connection.id), apiKey, memoryOnly)
      if (userCredential) await keep(credentialName(connection.id), userCredential, memoryOnly)
      else await forget(credentialName(connection.id), memoryOnly)
      settings.update((current) => {
        const before = current.connections.find((existing) => existing.id === connection.id)
        return {
          ...current,
          connections: [
            ...current.connections.filter((existing) => existing.id !== connection.id),
            // What was learned about the connection stays when its key is replaced.
            { ...before, ...connection, keySuffix: suffixOf(apiKey) } as StoredConnection,
          ],
        }
      })
    },
    update(id, change) {
      get(id)
      patch(id, change)
    },
    remove(id) {
      get(id)
      void forget(keyName(id), false)
      void forget(credentialName(id), false)
      settings.update((current) => ({
        ...current,
        connections: current.connections.filter((c) => c.id !== id),
        favourites: current.favourites.filter((f) => f.connectionId !== id),
        presets: current.presets.filter((p) => p.connectionId !== id),
        notificationRules: current.notificationRules.filter((r) => ruleConnection(r) !== id),
      }))
    },
    async setApiKey(id, apiKey) {
      get(id)
      await keep(keyName(id), apiKey, false)
      patch(id, { keySuffix: suffixOf(apiKey) })
    },
    async setUserCredential(id, credential, user) {
      get(id)
      await keep(credentialName(id), credential, false)
      patch(id, { credentialUser: user })
    },
    async apiKey(id) {
      get(id)
      const key = await read(keyName(id))
      if (!key)
        throw new CoreError('no_api_key', `No API key is stored for the connection "${get(id).name}".`)
      return key
    },
    async userCredential(id) {
      get(id)
      return read(credentialName(id))
    },
    whenStored: () => copies,
  }
}
