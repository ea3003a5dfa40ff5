/**
 * The local room's API keys and access credentials: the lists (cached; they hold no secret) and the
 * changes, each followed by a reload of its list. A created key's value, a revealed value and a new
 * credential's secret are handed to the caller only, never put in the query cache.
 */
import { useCallback } from 'react'
import type { BridgeApi } from '../../../shared/bridge'
import type { Permission } from '../../../shared/permissions'
import type { RoomApiKey, RoomCredential } from '../../../shared/room-keys'
import { useBridge } from '../bridge'
import { type Query, useBridgeQuery } from './use-bridge-query'

type Room = BridgeApi['commands']['room']

export interface RoomApiKeys {
  keys: Query<RoomApiKey[]>
  permissions: Query<Permission[]>
  create(name: string, permissions: string[]): ReturnType<Room['createApiKey']>
  reveal(keyId: string): Promise<string>
  update(keyId: string, change: { name: string; permissions: string[] }): Promise<RoomApiKey>
  remove(keyId: string): Promise<unknown>
}

export function useRoomApiKeys(connectionId: string): RoomApiKeys {
  const { api } = useBridge()
  const room = api.commands.room
  const keys = useBridgeQuery(
    ['room.apiKeys', connectionId],
    useCallback((bridge: BridgeApi) => bridge.commands.room.apiKeys({ connectionId }), [connectionId]),
  )
  const permissions = useBridgeQuery(
    ['room.permissions', connectionId],
    useCallback((bridge: BridgeApi) => bridge.commands.room.permissions({ connectionId }), [connectionId]),
  )
  const thenReload = reloadAfter(keys.reload)
  return {
    keys,
    permissions,
    create: (name, chosen) => thenReload(room.createApiKey({ connectionId, name, permissions: chosen })),
    reveal: async (keyId) => (await room.revealApiKey({ connectionId, keyId })).value,
    update: (keyId, change) => thenReload(room.updateApiKey({ connectionId, keyId, ...change })),
    remove: (keyId) => thenReload(room.deleteApiKey({ connectionId, keyId })),
  }
}

export interface RoomCredentials {
  credentials: Query<RoomCredential[]>
  create(label: string): ReturnType<Room['createCredential']>
  revoke(credentialId: string): Promise<unknown>
}

export function useRoomCredentials(connectionId: string): RoomCredentials {
  const { api } = useBridge()
  const room = api.commands.room
  const credentials = useBridgeQuery(
    ['room.credentials', connectionId],
    useCallback((bridge: BridgeApi) => bridge.commands.room.credentials({ connectionId }), [connectionId]),
  )
  const thenReload = reloadAfter(credentials.reload)
  return {
    credentials,
    create: (label) => thenReload(room.createCredential({ connectionId, label })),
    revoke: (credentialId) => thenReload(room.revokeCredential({ connectionId, credentialId })),
  }
}

/** A change's answer, after which its list is read again (usage, order: what the room now holds). */
const reloadAfter =
  (reload: () => void) =>
  async <T>(change: Promise<T>): Promise<T> => {
    try {
      return await change
    } finally {
      reload()
    }
  }
