/** The `room.*` bridge commands: the local room's process editor (room-admin.ts), keys and credentials, webhooks. */
import type { CommandHandlers } from '../../shared/bridge'
import type { Connections } from './connections'
import { listRoomProcesses, localRoomManagement, setStepSettings } from './room-admin'
import { createRoomKeyCommands } from './room-keys-commands'
import { createRoomRobotCommands } from './room-robots-commands'
import { createRoomWebhookCommands } from './room-webhooks-commands'

/** Builds the handlers over the connections, which hold the local room's owner credential. */
export function createRoomAdminCommands(connections: Connections): CommandHandlers['room'] {
  return {
    processes: async ({ connectionId }) =>
      listRoomProcesses(await localRoomManagement(connections, connectionId)),
    setStepSettings: async ({ connectionId, processId, stepId, settings, updatedAt }) =>
      setStepSettings(
        await localRoomManagement(connections, connectionId),
        processId,
        stepId,
        settings,
        updatedAt,
      ),
    ...createRoomKeyCommands(connections),
    ...createRoomWebhookCommands(connections),
    ...createRoomRobotCommands(connections),
  }
}
