/**
 * Start at login, the core's LoginItemPort: Electron's login items on macOS and Windows (the
 * Login Items list; the HKCU Run key), an XDG autostart entry on Linux, where Electron's API does
 * nothing (linux-autostart.ts). Only the installed app offers it: a development build would
 * register the bare Electron binary, which starts no Robodeck.
 */
import { join } from 'node:path'
import { app } from 'electron'
import type { StartAtLogin } from '../../shared/system-settings'
import type { LoginItemPort } from '../core/desktop-integration'
import {
  AUTOSTART_FILE_NAME,
  autostartDir,
  readAutostart,
  removeAutostart,
  writeAutostart,
} from './linux-autostart'

export const DEVELOPMENT_BUILD_REASON =
  'Start at login is for the installed app; this is a development build.'
export const UNSUPPORTED_REASON = 'Start at login is not supported on this system.'

export interface LoginItemOptions {
  platform?: NodeJS.Platform
  /** Linux: the autostart entry (by default in the XDG autostart folder). */
  autostartFile?: string
  env?: NodeJS.ProcessEnv
}

const unavailable = (reason: string): StartAtLogin => ({ available: false, enabled: false, reason })

/** What macOS or Windows says, with what to do when the system itself holds it back. */
function electronLoginItem(platform: NodeJS.Platform): StartAtLogin {
  const settings = app.getLoginItemSettings()
  const state: StartAtLogin = { available: true, enabled: settings.openAtLogin }
  if (platform === 'darwin' && settings.status === 'requires-approval')
    return {
      ...state,
      hint: 'macOS waits for you to allow Robodeck in System Settings › General › Login Items.',
    }
  if (platform === 'win32' && settings.openAtLogin && !settings.executableWillLaunchAtLogin)
    return { ...state, hint: 'Windows has Robodeck turned off in Task Manager › Startup apps.' }
  return state
}

/**
 * The program a Linux login starts: an AppImage runs from a new mount point each time, so its entry
 * names the AppImage file ($APPIMAGE), not the executable inside it.
 */
export const linuxExecutable = (env: NodeJS.ProcessEnv = process.env): string =>
  env.APPIMAGE ?? process.execPath

export function createLoginItem(options: LoginItemOptions = {}): LoginItemPort {
  const platform = options.platform ?? process.platform
  const env = options.env ?? process.env
  const autostartFile = options.autostartFile ?? join(autostartDir(env), AUTOSTART_FILE_NAME)
  const read = async (): Promise<StartAtLogin> => {
    if (!app.isPackaged) return unavailable(DEVELOPMENT_BUILD_REASON)
    if (platform === 'darwin' || platform === 'win32') return electronLoginItem(platform)
    if (platform === 'linux') return { available: true, enabled: await readAutostart(autostartFile) }
    return unavailable(UNSUPPORTED_REASON)
  }
  return {
    read,
    async write(enabled) {
      const state = await read()
      if (!state.available) return state
      if (platform === 'linux') {
        if (enabled)
          await writeAutostart(autostartFile, {
            name: app.getName(),
            exec: [linuxExecutable(env)],
            icon: 'robodeck',
          })
        else await removeAutostart(autostartFile)
      } else app.setLoginItemSettings({ openAtLogin: enabled })
      return read()
    },
  }
}
