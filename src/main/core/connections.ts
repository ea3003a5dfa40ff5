/**
 * Workspace connections: where each Control Room is and which workspace, kept in the settings;
 * the API key of each lives in the vault. The built-in local room is the connection `local`.
 */
import type { ConnectionSummary } from '../../shared/domain'
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

export interface Connections {
  list(): ConnectionSummary[]
  /** The list as the renderer sees it, with where each key stands (stored, memory only, needed). */
  summaries(): Promise<ConnectionSummary[]>
  /** The connection, or a CoreError the user can read when the id is unknown. */
  get(id: string): ConnectionSummary
  /** Adds or replaces a connection together with its key. */
  save(connection: NewConnection): Promise<void>
  /** Changes public fields (name, production, permissions, credentialUser) of a connection. */
  update(
    id: string,
    change: Partial<Pick<StoredConnection, 'name' | 'production' | 'permissions' | 'credentialUser'>>,
  ): void
  /** Removes a connection and its secrets. */
  remove(id: string): void
  /** Stores (or replaces) the user access credential of a connection. */
  setUserCredential(id: string, credential: string, user: string): Promise<void>
  apiKey(id: string): Promise<string>
  /** The connection's user access credential, when one was saved. */
  userCredential(id: string): Promise<string | undefined>
}

const keyName = (id: string) => `connection/${id}/api-key`
const credentialName = (id: string) => `connection/${id}/user-credential`
const suffixOf = (key: string) => key.slice(-4)

/** The connection list kept in the settings, with its secrets in the vault. */
export function openConnections(settings: SettingsStore, vault: Vault): Connections {
  const all = () => settings.get().connections
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
          const state = await vault.state(keyName(connection.id))
          const keyState = state === 'memory' ? 'memory' : state === 'stored' ? 'stored' : 'needed'
          return { ...connection, keyState } as ConnectionSummary
        }),
      ),
    get: (id) => ({ ...get(id), keyState: 'stored' }),
    async save({ apiKey, userCredential, ...connection }) {
      await vault.set(keyName(connection.id), apiKey)
      if (userCredential) await vault.set(credentialName(connection.id), userCredential)
      else vault.delete(credentialName(connection.id))
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
      settings.update((current) => ({
        ...current,
        connections: current.connections.map((c) => (c.id === id ? { ...c, ...change } : c)),
      }))
    },
    remove(id) {
      get(id)
      vault.delete(keyName(id))
      vault.delete(credentialName(id))
      settings.update((current) => ({
        ...current,
        connections: current.connections.filter((c) => c.id !== id),
        favourites: current.favourites.filter((f) => f.connectionId !== id),
        notificationRules: current.notificationRules.filter((r) => r.scope.connectionId !== id),
      }))
    },
    async setUserCredential(id, credential, user) {
      get(id)
      await vault.set(credentialName(id), credential)
      settings.update((current) => ({
        ...current,
        connections: current.connections.map((c) => (c.id === id ? { ...c, credentialUser: user } : c)),
      }))
    },
    async apiKey(id) {
      get(id)
      const key = await vault.get(keyName(id))
      if (!key)
        throw new CoreError('no_api_key', `No API key is stored for the connection "${get(id).name}".`)
      return key
    },
    async userCredential(id) {
      get(id)
      return vault.get(credentialName(id))
    },
  }
}
