/** Robodeck's identity to the OS: the appId its installers use, and the Windows AppUserModelID. */
import { app } from 'electron'

/** Equal to build/electron-builder.yml's appId (a test checks): Windows ties toasts and pins to it. */
export const APP_ID = 'dev.robodeck.app'

/**
 * On Windows, toasts are attributed to (and their clicks routed back through) an AppUserModelID
 * that a Start Menu shortcut carries. The installer's shortcut carries appId; an unpackaged app has
 * none, and Electron's documentation gives it the executable's path instead. Call before `ready`.
 */
export function setAppIdentity(platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'win32') return
  app.setAppUserModelId(app.isPackaged ? APP_ID : process.execPath)
}
