/**
 * Start at login and the data folder (src/shared/system-settings.ts): their state as main reports
 * it, and the commands that change them. Each change answers the new state, which replaces the
 * cached one.
 */
import { useQueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { BridgeApi } from '../../../shared/bridge'
import type {
  DataFolder,
  NextDataFolder,
  PickedDataFolder,
  StartAtLogin,
} from '../../../shared/system-settings'
import { useBridge } from '../bridge'
import { type Query, useBridgeQuery } from './use-bridge-query'

const LOGIN_KEY = ['settings.startAtLogin'] as const
const FOLDER_KEY = ['settings.dataFolder'] as const
const loadLogin = (api: BridgeApi) => api.commands.settings.startAtLogin({})
const loadFolder = (api: BridgeApi) => api.commands.settings.dataFolder({})

export interface SystemSettings {
  startAtLogin: Query<StartAtLogin>
  dataFolder: Query<DataFolder>
  /** Each throws the bridge's error when main or the system refuses; nothing is kept then. */
  setStartAtLogin(enabled: boolean): Promise<StartAtLogin>
  /** The system's folder picker; null when the person cancelled. */
  pickDataFolder(): Promise<PickedDataFolder | null>
  setDataFolder(next: NextDataFolder | null): Promise<DataFolder>
  showDataFolder(): Promise<void>
  relaunch(): Promise<void>
}

export function useSystemSettings(): SystemSettings {
  const { api } = useBridge()
  const queryClient = useQueryClient()
  const startAtLogin = useBridgeQuery(LOGIN_KEY, loadLogin)
  const dataFolder = useBridgeQuery(FOLDER_KEY, loadFolder)
  return useMemo(
    () => ({
      startAtLogin,
      dataFolder,
      async setStartAtLogin(enabled) {
        const state = await api.commands.settings.setStartAtLogin({ enabled })
        queryClient.setQueryData(LOGIN_KEY, state)
        return state
      },
      pickDataFolder: async () => (await api.commands.settings.pickDataFolder({})).picked,
      async setDataFolder(next) {
        const state = await api.commands.settings.setDataFolder({ next })
        queryClient.setQueryData(FOLDER_KEY, state)
        return state
      },
      async showDataFolder() {
        await api.commands.settings.showDataFolder({})
      },
      async relaunch() {
        await api.commands.app.relaunch({})
      },
    }),
    [api, queryClient, startAtLogin, dataFolder],
  )
}
