/**
 * The desktop's side of the core's DesktopIntegration port: the login item (login-item.ts), the
 * system's file dialog over the window (path-picker.ts), the file manager, and relaunching. Relaunch quits the
 * usual way (app.quit, so the room shuts down and its runs are settled, as at any quit) rather
 * than app.exit, which would skip that; Electron starts the new instance once this one has ended.
 */
import { app, type BaseWindow, shell } from 'electron'
import type { DesktopIntegration } from '../core/desktop-integration'
import { createLoginItem, type LoginItemOptions } from './login-item'
import { pickPath } from './path-picker'

export interface DesktopIntegrationOptions {
  /** The app's window, for the picker to sit on; undefined while there is none. */
  window(): BaseWindow | undefined
  loginItem?: LoginItemOptions
}

export function createDesktopIntegration(options: DesktopIntegrationOptions): DesktopIntegration {
  return {
    loginItem: createLoginItem(options.loginItem),
    pickPath: (purpose, startIn) => pickPath(options.window(), purpose, startIn),
    async showFolder(path) {
      // openPath answers an error message, and an empty string when it opened the folder.
      const failure = await shell.openPath(path)
      if (failure) throw new Error(failure)
    },
    relaunch() {
      app.relaunch()
      app.quit()
    },
  }
}
