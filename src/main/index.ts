/**
 * The Electron composition root: starts the local Control Room process (or, when another room
 * already holds its folder, connects to that one), creates the core over safeStorage, and connects
 * it to the window (IPC), the tray and OS notifications.
 */
import { join } from 'node:path'
import { app, type BrowserWindow, dialog } from 'electron'
import { createCore } from './core/core'
import { createTrayController } from './core/tray-controller'
import { wireIpc } from './desktop/ipc'
import { startLocalRoomProcess } from './desktop/local-room-process'
import { notifyError, notifyFinishedRuns } from './desktop/notifications'
import { createSafeStorageCipher } from './desktop/safe-storage-cipher'
import { hardenSession } from './desktop/security'
import { openElectronStoreSettingsFile } from './desktop/settings-file'
import { createTray } from './desktop/tray'
import { createAppWindow, rendererLocation } from './desktop/window'

// Lets tests and portable setups keep all of the app's data in one folder of their choosing.
if (process.env.ROBODECK_USER_DATA) app.setPath('userData', process.env.ROBODECK_USER_DATA)

const windowOptions = { mainDir: __dirname, devServerUrl: process.env.ELECTRON_RENDERER_URL }
let window: BrowserWindow | undefined

function showWindow() {
  if (!window || window.isDestroyed()) window = createAppWindow(windowOptions)
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}

async function start() {
  hardenSession({ devServer: windowOptions.devServerUrl !== undefined })
  const userData = app.getPath('userData')
  const resourcesDir = app.isPackaged ? process.resourcesPath : join(__dirname, '../../resources')
  const room = await startLocalRoomProcess(
    __dirname,
    join(userData, 'localroom'),
    join(resourcesDir, 'robots'),
  )
  const core = createCore({
    dataDir: userData,
    cipher: createSafeStorageCipher(),
    openSettingsFile: openElectronStoreSettingsFile,
    onSettingsNotice: (notice) => notifyError(notice.message, `The old file is at ${notice.setAsideAt}.`),
    mode: 'desktop',
    version: app.getVersion(),
  })
  if (room.kind === 'started') await core.connectLocalRoom(room.bootstrap)
  else await core.attachLocalRoom(room.room)

  wireIpc({
    dispatch: core.dispatch,
    events: core.events,
    window: () => (window && !window.isDestroyed() ? window : undefined),
    isAppUrl: rendererLocation(windowOptions).isAppUrl,
  })
  notifyFinishedRuns(core.events, core.connections, showWindow)

  const tray = createTray(resourcesDir, {
    launch: (connectionId, processId) => {
      core.dispatch('processes.launch', { connectionId, processId }).then((result) => {
        if (!result.ok) notifyError('Could not launch the process', result.error.message)
      })
    },
    openWindow: showWindow,
    quit: () => app.quit(),
  })
  const trayController = createTrayController(core.handlers, core.events, tray.render)
  core.start()
  showWindow()
  void trayController.refresh().catch((error) => console.error('tray refresh failed', error))

  app.on('before-quit', () => {
    trayController.dispose()
    tray.destroy()
    void core.close()
    room.stop()
  })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', showWindow)
  // With a tray the app keeps running when its window closes; Quit is in the tray menu.
  app.on('window-all-closed', () => {})
  app.on('activate', showWindow)
  app
    .whenReady()
    .then(start)
    .catch((error) => {
      console.error('Robodeck could not start', error)
      // Someone starting the app from a menu sees no console: the reason (e.g. another room holding
      // the local room's folder, named by pid and URL) goes in a dialog too.
      dialog.showErrorBox('Robodeck could not start', error instanceof Error ? error.message : String(error))
      app.exit(1)
    })
}
