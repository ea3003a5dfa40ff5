/** The `room.*` commands for the local room's robots, and processes created and deleted (room-robots.ts). */
import type { CommandHandlers } from '../../shared/bridge'
import type { Connections } from './connections'
import { localRoomManagement } from './room-admin'
import {
  createRoomProcess,
  deleteRoomProcess,
  deleteRoomRobot,
  importRoomRobot,
  listRoomRobots,
} from './room-robots'

type RoomRobotHandlers = Pick<
  CommandHandlers['room'],
  'robots' | 'importRobot' | 'deleteRobot' | 'createProcess' | 'deleteProcess'
>

/** Builds the handlers over the connections, which hold the room's owner credential. */
export function createRoomRobotCommands(connections: Connections): RoomRobotHandlers {
  const open = (connectionId: string) => localRoomManagement(connections, connectionId)
  return {
    robots: async ({ connectionId }) => listRoomRobots(await open(connectionId)),
    importRobot: async ({ connectionId, path, name }) =>
      importRoomRobot(await open(connectionId), path, name),
    deleteRobot: async ({ connectionId, robotId }) => {
      await deleteRoomRobot(await open(connectionId), robotId)
      return { id: robotId }
    },
    createProcess: async ({ connectionId, name, steps }) =>
      createRoomProcess(await open(connectionId), name, steps),
    deleteProcess: async ({ connectionId, processId }) => {
      await deleteRoomProcess(await open(connectionId), processId)
      return { id: processId }
    },
  }
}
