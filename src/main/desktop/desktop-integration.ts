/**
 * The desktop's side of the core's DesktopIntegration port: the login item (login-item.ts), the
 * system's folder picker over the window, the file manager, and relaunching. Relaunch quits the
 * usual way (app.quit, so the room shuts down and its runs are settled, as at any quit) rather
 * than app.exit, which would skip that; Electron starts the new instance once this one has ended.
 */
import { app, type BaseWindow, dialog, type OpenDialogOptions, shell } from 'electron'
import type { DesktopIntegration } from '../core/desktop-integration'
import { createLoginItem, type LoginItemOptions } from './login-item'

export interface DesktopIntegrationOptions {
  /** The app's window, for the picker to sit on; undefined while there is none. */
  window(): BaseWindow | undefined
  loginItem?: LoginItemOptions
}

export function createDesktopIntegration(options: DesktopIntegrationOptions): DesktopIntegration {
  return {
    loginItem: createLoginItem(options.loginItem),
    async pickFolder(startIn) {
      const pickerOptions: OpenDialogOptions = {
        title: 'Choose where Robodeck keeps its data',
        buttonLabel: 'Choose',
        defaultPath: startIn,
        properties: ['openDirectory', 'createDirectory', 'promptToCreate', 'dontAddToRecent'],
      }
      const window = options.window()
      const { canceled, filePaths } = window
        ? await dialog.showOpenDialog(window, pickerOptions)
        : await dialog.showOpenDialog(pickerOptions)
      return canceled ? undefined : filePaths[0]
    },
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
