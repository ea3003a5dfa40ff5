/**
 * The local room's robots for the Robots section and a new process's steps: the list (cached;
 * the Processes tab's new-process form reads the same answer), an import from a path on this
 * machine and a delete, each followed by a reload of the list. Where the app is the desktop one,
 * the system's file dialog can choose that path (app.choosePath).
 */
import { useCallback } from 'react'
import type { BridgeApi } from '../../../shared/bridge'
import type { PathKind, RoomRobot } from '../../../shared/room-robots'
import { useBridge } from '../bridge'
import { useAppInfo } from './use-app-info'
import { type Query, useBridgeQuery } from './use-bridge-query'

/** The cache key of a room's robot list (process changes reload it too: its `usedBy`). */
export const robotsKey = (connectionId: string) => ['room.robots', connectionId] as const

export interface RoomRobots {
  robots: Query<RoomRobot[]>
  /** Throws the bridge's error when the room refuses the path or what is there. */
  importRobot(path: string, name?: string): Promise<RoomRobot>
  remove(robotId: string): Promise<unknown>
}

export function useRoomRobots(connectionId: string): RoomRobots {
  const { api } = useBridge()
  const robots = useBridgeQuery(
    robotsKey(connectionId),
    useCallback((bridge: BridgeApi) => bridge.commands.room.robots({ connectionId }), [connectionId]),
  )
  const room = api.commands.room
  const thenReload = async <T>(change: Promise<T>): Promise<T> => {
    try {
      return await change
    } finally {
      robots.reload()
    }
  }
  return {
    robots,
    importRobot: (path, name) =>
      thenReload(room.importRobot(name ? { connectionId, path, name } : { connectionId, path })),
    remove: (robotId) => thenReload(room.deleteRobot({ connectionId, robotId })),
  }
}

/**
 * The system's file dialog, in the desktop app only (undefined in web mode, where the path is typed):
 * answers the path chosen, or null when the person cancelled.
 */
export function usePathChooser(): ((kind: PathKind) => Promise<string | null>) | undefined {
  const { api } = useBridge()
  const info = useAppInfo()
  const choose = useCallback(
    async (kind: PathKind) => (await api.commands.app.choosePath({ kind })).path,
    [api],
  )
  return info.data?.mode === 'desktop' ? choose : undefined
}
