/**
 * The local room's processes for the process editor: saving one step's settings (the saved process,
 * as the room answers it, replaces the old one in the cache, so the list shows what the room now
 * holds without another read), and creating and deleting a process. A new or deleted process also
 * reloads the runs view's process list (and, on a delete, the runs the room deleted with it) and the
 * robots' `usedBy`.
 */
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useMemo } from 'react'
import type { BridgeApi } from '../../../shared/bridge'
import type { RoomProcess, StepSettings } from '../../../shared/room-admin'
import type { NewRoomStep } from '../../../shared/room-robots'
import { useBridge } from '../bridge'
import { type Query, useBridgeQuery } from './use-bridge-query'
import { robotsKey } from './use-room-robots'

export interface RoomProcesses {
  processes: Query<RoomProcess[]>
  /** Saves one step's settings; throws the bridge's error when the room refuses them. */
  saveStep(process: RoomProcess, stepId: string, settings: StepSettings): Promise<RoomProcess>
  /** Creates a process; throws the bridge's error when the room refuses it. */
  create(name: string, steps: NewRoomStep[]): Promise<RoomProcess>
  /** Deletes a process with its runs; throws the room's refusal (a run in progress). */
  remove(processId: string): Promise<unknown>
}

export function useRoomProcesses(connectionId: string): RoomProcesses {
  const { api } = useBridge()
  const queryClient = useQueryClient()
  const key = useMemo(() => ['room.processes', connectionId], [connectionId])
  const load = useCallback(
    (bridge: BridgeApi) => bridge.commands.room.processes({ connectionId }),
    [connectionId],
  )
  const processes = useBridgeQuery(key, load)
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
      queryClient.setQueryData<RoomProcess[]>(key, (old) =>
        old?.map((process) => (process.id === saved.id ? saved : process)),
      )
      return saved
    },
    [api, queryClient, connectionId, key],
  )
  /** What shows the room's processes elsewhere is read again. */
  const reloadDependents = useCallback(
    (alsoRuns: boolean) => {
      const keys = [key, ['processes.list'], robotsKey(connectionId), ...(alsoRuns ? [['runs.list']] : [])]
      return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })))
    },
    [queryClient, key, connectionId],
  )
  const create = useCallback(
    async (name: string, steps: NewRoomStep[]) => {
      const created = await api.commands.room.createProcess({ connectionId, name, steps })
      queryClient.setQueryData<RoomProcess[]>(key, (old) => (old ? [...old, created] : [created]))
      void reloadDependents(false)
      return created
    },
    [api, queryClient, connectionId, key, reloadDependents],
  )
  const remove = useCallback(
    async (processId: string) => {
      const removed = await api.commands.room.deleteProcess({ connectionId, processId })
      queryClient.setQueryData<RoomProcess[]>(key, (old) =>
        old?.filter((process) => process.id !== processId),
      )
      void reloadDependents(true)
      return removed
    },
    [api, queryClient, connectionId, key, reloadDependents],
  )
  return { processes, saveStep, create, remove }
}
