/** The `room.*` commands for the local room's API keys and access credentials (room-keys.ts). */
import type { CommandHandlers } from '../../shared/bridge'
import type { Connections } from './connections'
import { localRoomManagement } from './room-admin'
import {
  createApiKey,
  createCredential,
  deleteApiKey,
  listApiKeys,
  listCredentials,
  listPermissions,
  type OwnSecrets,
  revealApiKey,
  revokeCredential,
  updateApiKey,
} from './room-keys'
import type { RoomManagement } from './room-management'

type RoomKeyHandlers = Pick<
  CommandHandlers['room'],
  | 'permissions'
  | 'apiKeys'
  | 'createApiKey'
  | 'revealApiKey'
  | 'updateApiKey'
  | 'deleteApiKey'
  | 'credentials'
  | 'createCredential'
  | 'revokeCredential'
>

/** Builds the handlers over the connections, which hold the room's owner credential and Robodeck's key. */
export function createRoomKeyCommands(connections: Connections): RoomKeyHandlers {
  /** The room to call and what Robodeck itself holds for it (to mark and protect its own). */
  const open = async (connectionId: string): Promise<[RoomManagement, OwnSecrets]> => {
    const room = await localRoomManagement(connections, connectionId)
    const apiKey = () => connections.apiKey(connectionId).catch(() => undefined)
    return [room, { apiKey, credential: room.credential }]
  }
  return {
    permissions: async ({ connectionId }) => listPermissions((await open(connectionId))[0]),
    apiKeys: async ({ connectionId }) => listApiKeys(...(await open(connectionId))),
    createApiKey: async ({ connectionId, name, permissions }) =>
      createApiKey((await open(connectionId))[0], name, permissions),
    revealApiKey: async ({ connectionId, keyId }) => ({
      value: await revealApiKey((await open(connectionId))[0], keyId),
    }),
    updateApiKey: async ({ connectionId, keyId, name, permissions }) =>
      updateApiKey(...(await open(connectionId)), keyId, { name, permissions }),
    deleteApiKey: async ({ connectionId, keyId }) => {
      await deleteApiKey(...(await open(connectionId)), keyId)
      return { id: keyId }
    },
    credentials: async ({ connectionId }) => listCredentials(...(await open(connectionId))),
    createCredential: async ({ connectionId, label }) =>
      createCredential(...(await open(connectionId)), label),
    revokeCredential: async ({ connectionId, credentialId }) => {
      await revokeCredential(...(await open(connectionId)), credentialId)
      return { id: credentialId }
    },
  }
}
