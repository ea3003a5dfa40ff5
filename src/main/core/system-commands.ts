/**
 * The Settings commands about the system Robodeck runs on: start at login and the data folder
 * (composed into the settings namespace by commands.ts); relaunching the app and the file dialog
 * for a robot to import (in the app namespace). What needs the
 * desktop goes through its port (desktop-integration.ts); without one (web mode) each answers
 * with the reason, and the window shows the control disabled with it.
 */
import type { CommandHandlers } from '../../shared/bridge'
import type { DataFolder } from '../../shared/system-settings'
import type { DataFolderSource } from './data-folder/data-folder'
import type { DesktopIntegration } from './desktop-integration'
import { CoreError } from './errors'

export interface SystemCommandDeps {
  dataFolder: DataFolderSource
  /** The desktop app's port; undefined in web mode. */
  desktop?: DesktopIntegration
}

/** Why web mode cannot start at login: it is a server someone starts, not an app the system starts. */
export const START_AT_LOGIN_DESKTOP_ONLY =
  'Starting at login is only in the desktop app: web mode runs while its command does.'

/** "X is only in the desktop app.", and what to do instead where there is something. */
const desktopOnly = (what: string, instead?: string) =>
  new CoreError('desktop_only', `${what} is only in the desktop app${instead ? `: ${instead}` : ''}.`)

/** Runs a system call and turns its failure into words the person can act on. */
async function bySystem<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof CoreError) throw error
    const reason = error instanceof Error ? error.message : String(error)
    throw new CoreError('system_failed', `${what}: ${reason}`)
  }
}

export type SystemSettingsCommands = Pick<
  CommandHandlers['settings'],
  'startAtLogin' | 'setStartAtLogin' | 'dataFolder' | 'pickDataFolder' | 'setDataFolder' | 'showDataFolder'
>

export function createSystemCommands(deps: SystemCommandDeps): {
  settings: SystemSettingsCommands
  relaunch: CommandHandlers['app']['relaunch']
  choosePath: CommandHandlers['app']['choosePath']
} {
  const { desktop } = deps
  const dataFolder = (): DataFolder => ({ ...deps.dataFolder.state(), canShow: desktop !== undefined })
  return {
    settings: {
      async startAtLogin() {
        if (!desktop) return { available: false, enabled: false, reason: START_AT_LOGIN_DESKTOP_ONLY }
        return bySystem('The system’s login items could not be read', () => desktop.loginItem.read())
      },
      async setStartAtLogin({ enabled }) {
        if (!desktop) throw new CoreError('desktop_only', START_AT_LOGIN_DESKTOP_ONLY)
        const before = await desktop.loginItem.read()
        if (!before.available) throw new CoreError('desktop_only', before.reason ?? 'Not on this system.')
        const after = await bySystem('The system did not take the change', () =>
          desktop.loginItem.write(enabled),
        )
        if (after.enabled !== enabled)
          throw new CoreError(
            'system_failed',
            `The system did not take the change: Robodeck ${after.enabled ? 'still starts' : 'does not start'} at login.`,
          )
        return after
      },
      dataFolder: async () => dataFolder(),
      async pickDataFolder() {
        if (!desktop) throw desktopOnly('Choosing another data folder')
        const current = deps.dataFolder.state()
        if (!current.changeable) throw new CoreError('desktop_only', current.fixedReason ?? 'Not here.')
        const picked = await bySystem('The folder picker could not open', () =>
          desktop.pickPath('data-folder', current.next?.path ?? current.path),
        )
        return { picked: picked === undefined ? null : await deps.dataFolder.check(picked) }
      },
      async setDataFolder({ next }) {
        await deps.dataFolder.choose(next)
        return dataFolder()
      },
      async showDataFolder() {
        if (!desktop) throw desktopOnly('Showing the data folder')
        await bySystem(`${deps.dataFolder.path} could not be opened`, () =>
          desktop.showFolder(deps.dataFolder.path),
        )
        return {}
      },
    },
    async relaunch() {
      if (!desktop) throw desktopOnly('Restarting Robodeck')
      desktop.relaunch()
      return {}
    },
    async choosePath({ kind }) {
      if (!desktop) throw desktopOnly('Choosing a folder or file', 'type its absolute path instead')
      const picked = await bySystem('The file dialog could not open', () =>
        desktop.pickPath(kind === 'folder' ? 'robot-folder' : 'robot-zip'),
      )
      return { path: picked ?? null }
    },
  }
}
