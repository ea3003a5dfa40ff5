/**
 * The settings document as the window edits it, and the commands that change it. Each command
 * answers the whole saved document, which replaces the cached one, so every section shows what
 * main now holds without another read.
 */
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useMemo } from 'react'
import type { BridgeApi, CommandRequest } from '../../../shared/bridge'
import type { AppSettings } from '../../../shared/settings'
import { useBridge } from '../bridge'
import { type Query, useBridgeQuery } from './use-bridge-query'

const KEY = ['settings.get'] as const
const load = (api: BridgeApi) => api.commands.settings.get({})

type SettingsCommands = BridgeApi['commands']['settings']

export interface SettingsQuery {
  settings: Query<AppSettings>
  /** Each throws the bridge's error when main refuses the change; nothing is kept then. */
  setNetwork(request: CommandRequest<'settings', 'setNetwork'>): Promise<AppSettings>
  setSecretStorage(request: CommandRequest<'settings', 'setSecretStorage'>): Promise<AppSettings>
  setNotificationRules(request: CommandRequest<'settings', 'setNotificationRules'>): Promise<AppSettings>
  setFavourites(request: CommandRequest<'settings', 'setFavourites'>): Promise<AppSettings>
  setPresets(request: CommandRequest<'settings', 'setPresets'>): Promise<AppSettings>
}

export function useSettings(): SettingsQuery {
  const { api } = useBridge()
  const queryClient = useQueryClient()
  const settings = useBridgeQuery(KEY, load)
  /** Sends one change and keeps main's answer; `after` refreshes what else the change touched. */
  const saving = useCallback(
    <R>(
      send: (commands: SettingsCommands, request: R) => Promise<AppSettings>,
      after?: () => Promise<void>,
    ) =>
      async (request: R) => {
        const saved = await send(api.commands.settings, request)
        queryClient.setQueryData(KEY, saved)
        await after?.()
        return saved
      },
    [api, queryClient],
  )
  return useMemo(
    () => ({
      settings,
      setNetwork: saving((commands, request: CommandRequest<'settings', 'setNetwork'>) =>
        commands.setNetwork(request),
      ),
      // Where secrets are kept is app.info's to say (and the top bar's): read it again.
      setSecretStorage: saving(
        (commands, request: CommandRequest<'settings', 'setSecretStorage'>) =>
          commands.setSecretStorage(request),
        () => queryClient.invalidateQueries({ queryKey: ['app.info'] }),
      ),
      setNotificationRules: saving((commands, request: CommandRequest<'settings', 'setNotificationRules'>) =>
        commands.setNotificationRules(request),
      ),
      setFavourites: saving((commands, request: CommandRequest<'settings', 'setFavourites'>) =>
        commands.setFavourites(request),
      ),
      setPresets: saving((commands, request: CommandRequest<'settings', 'setPresets'>) =>
        commands.setPresets(request),
      ),
    }),
    [settings, saving, queryClient],
  )
}
