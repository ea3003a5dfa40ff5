/**
 * The local room's processes for the process editor, and saving one step's settings: the saved
 * process (as the room answers it) replaces the old one in the cache, so the list shows what the
 * room now holds without another read.
 */
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { BridgeApi } from '../../../shared/bridge'
import type { RoomProcess, StepSettings } from '../../../shared/room-admin'
import { useBridge } from '../bridge'
import { type Query, useBridgeQuery } from './use-bridge-query'

export interface RoomProcesses {
  processes: Query<RoomProcess[]>
  /** Saves one step's settings; throws the bridge's error when the room refuses them. */
  saveStep(process: RoomProcess, stepId: string, settings: StepSettings): Promise<RoomProcess>
}

export function useRoomProcesses(connectionId: string): RoomProcesses {
  const { api } = useBridge()
  const queryClient = useQueryClient()
  const load = useCallback(
    (bridge: BridgeApi) => bridge.commands.room.processes({ connectionId }),
    [connectionId],
  )
  const processes = useBridgeQuery(['room.processes', connectionId], load)
  const saveStep = useCallback(
    async (process: RoomProcess, stepId: string, settings: StepSettings) => {
      // The process as shown: a change made elsewhere since is refused, not overwritten.
      const saved = await api.commands.room.setStepSettings({
        connectionId,
        processId: process.id,
        stepId,
        settings,
        updatedAt: process.updatedAt,
      })
      queryClient.setQueryData<RoomProcess[]>(['room.processes', connectionId], (old) =>
        old?.map((process) => (process.id === saved.id ? saved : process)),
      )
      return saved
    },
    [api, queryClient, connectionId],
  )
  return { processes, saveStep }
}
