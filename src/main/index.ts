/**
 * The Electron composition root. Before `ready`: the app's identity (the Windows AppUserModelID),
 * the app:// scheme, the single-instance lock, the robodeck:// scheme and macOS's `open-url`. Then
 * start(): the session's rules, the renderer's protocol, the menu, the core, the tray (with its menu
 * from the first moment, then the core's overview), the local Control Room (supervised: restarted
 * with backoff if it crashes), IPC and notifications (through the core's rules), the window, and
 * the robodeck:// links that arrived meanwhile. Quit asks the room to shut down and waits for it.
 * A start that fails is shown in a dialog.
 */
import { join } from 'node:path'
import { app, type BrowserWindow, powerMonitor, screen } from 'electron'
import type { RunToOpen } from '../shared/bridge'
import type { JsonValue } from '../shared/domain'
import { type Core, createCore } from './core/core'
import { createDeepLinkFollower } from './core/deep-links'
import { createNotifier } from './core/notification-rules'
import { type RoomSupervisor, superviseRoom } from './core/room-supervisor'
import { createTrayController, type TrayController } from './core/tray-controller'
import { setAppIdentity } from './desktop/app-identity'
import { logError, logLine, openAppLog } from './desktop/app-log'
import { setApplicationMenu } from './desktop/app-menu'
import { registerAppScheme, serveRenderer } from './desktop/app-protocol'
import {
  confirmLaunch,
  deepLinkInArgv,
  listenForOpenUrl,
  registerDeepLinkProtocol,
} from './desktop/deep-links'
import { wireIpc } from './desktop/ipc'
import { type LocalRoomProcess, startLocalRoomProcess } from './desktop/local-room-process'
import { notify, notifyRuns } from './desktop/notifications'
import { choosePath } from './desktop/path-picker'
import { reportRoom } from './desktop/room-reports'
import { createSafeStorageCipher } from './desktop/safe-storage-cipher'
import { hardenSession } from './desktop/security'
import { openElectronStoreSettingsFile } from './desktop/settings-file'
import { showStartupFailure } from './desktop/startup-failure'
import { type AppTray, createTray, type TrayActions } from './desktop/tray'
import { hasTrayHost } from './desktop/tray-host'
import { feedPowerSignals, feedWindowSignals } from './desktop/watch-signals'
import { createAppWindow, rendererLocation } from './desktop/window'
import { restorableBounds, trackWindowBounds } from './desktop/window-bounds'

// Lets tests and portable setups keep all of the app's data, and its log, in one folder.
if (process.env.ROBODECK_USER_DATA) {
  app.setPath('userData', process.env.ROBODECK_USER_DATA)
  app.setAppLogsPath(join(process.env.ROBODECK_USER_DATA, 'logs'))
}
setAppIdentity()
registerAppScheme()

const windowOptions = { mainDir: __dirname, devServerUrl: process.env.ELECTRON_RENDERER_URL }
const resourcesDir = app.isPackaged ? process.resourcesPath : join(__dirname, '../../resources')
const roomDataDir = () => join(app.getPath('userData'), 'localroom')

let core: Core | undefined
let rooms: RoomSupervisor<LocalRoomProcess> | undefined
let tray: AppTray | undefined
let trayController: TrayController | undefined
let window: BrowserWindow | undefined
let logFile = ''
/** Set once IPC is wired: a window opened earlier would get "No handler registered" errors. */
let ready = false
let quitting: 'no' | 'shutting-down' | 'done' = 'no'
let shuttingDown: Promise<void> | undefined
let toldAboutTray = false
/** robodeck:// links that arrived before start() finished; followed once it has. */
const pendingLinks: string[] = []
let followLink: ((link: string) => Promise<void>) | undefined

/** With a tray (or the Dock) the app keeps running when its window closes; without one it quits. */
const keepsRunningWithoutWindow = () => process.platform === 'darwin' || tray !== undefined

function hideOnClose(): boolean {
  if (quitting !== 'no' || !keepsRunningWithoutWindow()) return false
  if (!toldAboutTray && process.platform !== 'darwin') {
    toldAboutTray = true
    notify('Robodeck is still running', 'Open it again, or quit it, from its icon in the tray.', showWindow)
  }
  return true
}

function showWindow() {
  // Before start() has finished, the window opens when it does (second-instance, activate).
  if (!ready || quitting !== 'no') return
  if (!window || window.isDestroyed()) {
    const created = createAppWindow({ ...windowOptions, bounds: savedBounds(), hideOnClose })
    trackWindowBounds(created, saveBounds)
    if (core) feedWindowSignals(core.signals, created)
    // Windows ends the session without `before-quit`: ask the room to shut down while there is time.
    created.on('session-end', () => void shutdown())
    window = created
    return // it shows itself on its first paint
  }
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}

function savedBounds() {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea)
  return restorableBounds(core?.settings.get().window, workAreas)
}

function saveBounds(bounds: NonNullable<ReturnType<typeof savedBounds>>) {
  try {
    core?.settings.update((settings) => ({ ...settings, window: bounds }))
  } catch (error) {
    logError('the window’s place could not be saved', error)
  }
}

/** Shows the window on a run (a notification, the tray or a link asked). */
function openRun(run: RunToOpen) {
  showWindow()
  const contents = window?.webContents
  if (!core || !contents) return
  const emit = () => core?.events.emit('run.open', run)
  // A page still loading has not subscribed yet: tell it once it has loaded.
  if (contents.isLoading()) contents.once('did-finish-load', emit)
  else emit()
}

/** Follows a robodeck:// link now, or once the app has started. */
function handleLink(link: string) {
  if (quitting !== 'no') return
  if (!ready || !core) {
    pendingLinks.push(link)
    return
  }
  const appCore = core
  followLink ??= createDeepLinkFollower({
    connections: appCore.connections,
    listProcesses: appCore.handlers.processes.list,
    dispatch: appCore.dispatch,
    openRun,
    confirm: (question) => confirmLaunch(question, window && !window.isDestroyed() ? window : undefined),
    tell: (title, body) => notify(title, body, showWindow),
    log: logLine,
  })
  void followLink(link).catch((error) => logError('a robodeck:// link could not be followed', error))
}

function trayActions(appCore: Core): TrayActions {
  return {
    launch: (connectionId, processId, payload?: JsonValue) => {
      const request =
        payload === undefined ? { connectionId, processId } : { connectionId, processId, payload }
      void appCore.dispatch('processes.launch', request).then((result) => {
        if (!result.ok) notify('Could not launch the process', result.error.message)
      })
    },
    refresh: () => {
      void appCore.dispatch('connections.refresh', {})
      void trayController
        ?.refresh()
        .catch((error) => logError('the tray could not load its processes', error))
    },
    openWindow: showWindow,
    openRun: (connectionId, runId) => openRun({ connectionId, runId }),
    quit: () => app.quit(),
  }
}

async function start() {
  logFile = openAppLog(app.getPath('logs'))
  hardenSession({ devServer: windowOptions.devServerUrl !== undefined })
  if (windowOptions.devServerUrl === undefined) serveRenderer(join(__dirname, '../renderer'))
  setApplicationMenu(!app.isPackaged)
  // Linux and macOS shutting down: delay it while the room closes.
  powerMonitor.on('shutdown', ((event: Electron.Event) => {
    event.preventDefault()
    app.quit()
  }) as () => void)

  const appCore = createCore({
    dataDir: app.getPath('userData'),
    cipher: createSafeStorageCipher(),
    openSettingsFile: openElectronStoreSettingsFile,
    onSettingsNotice: (notice) => notify(notice.message, `The old file is at ${notice.setAsideAt}.`),
    mode: 'desktop',
    version: app.getVersion(),
    choosePath: (kind) => choosePath(kind, window && !window.isDestroyed() ? window : undefined),
    logError,
  })
  core = appCore
  feedPowerSignals(appCore.signals, powerMonitor)
  // The tray first, so that it has its menu while the room starts.
  if (await hasTrayHost()) {
    tray = createTray(resourcesDir, trayActions(appCore))
    trayController = createTrayController(appCore.handlers, appCore.events, tray.render, {
      favourites: () => appCore.settings.get().favourites,
      onError: (error) => logError('the tray could not be drawn', error),
    })
  }
  rooms = superviseRoom<LocalRoomProcess>({
    start: () =>
      startLocalRoomProcess({
        mainDir: __dirname,
        dataDir: roomDataDir(),
        robotsDir: join(resourcesDir, 'robots'),
        log: logLine,
      }),
    connect: (room) =>
      room.kind === 'started' ? appCore.connectLocalRoom(room.bootstrap) : appCore.attachLocalRoom(room.room),
    report: (event) => reportRoom(event, { logFile, showWindow }),
  })
  await rooms.start()

  wireIpc({
    dispatch: appCore.dispatch,
    events: appCore.events,
    window: () => (window && !window.isDestroyed() ? window : undefined),
    isAppUrl: rendererLocation(windowOptions).isAppUrl,
  })
  const notifier = createNotifier(() => appCore.settings.get().notificationRules)
  notifyRuns(appCore.events, appCore.connections, notifier, openRun)
  appCore.start()
  ready = true
  showWindow()
  // Windows and Linux start the app with its link as an argument; macOS sent open-url meanwhile.
  const firstLink = deepLinkInArgv(process.argv)
  for (const link of [...(firstLink ? [firstLink] : []), ...pendingLinks.splice(0)]) handleLink(link)
  void trayController?.refresh().catch((error) => logError('the tray could not load its processes', error))
}

/** Stops the room (waiting for it: its robots end, its runs are settled) and the core; runs once. */
function shutdown(): Promise<void> {
  shuttingDown ??= (async () => {
    trayController?.dispose()
    tray?.destroy()
    const results = await Promise.allSettled([rooms?.stop(), core?.close()])
    for (const result of results) if (result.status === 'rejected') logError('while quitting', result.reason)
  })()
  return shuttingDown
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  registerDeepLinkProtocol()
  // macOS may open the app with a link before `ready`: listen from the start.
  listenForOpenUrl(handleLink)
  app.on('second-instance', (_event, argv) => {
    showWindow()
    const link = deepLinkInArgv(argv)
    if (link) handleLink(link)
  })
  app.on('activate', showWindow)
  app.on('window-all-closed', () => {
    if (!keepsRunningWithoutWindow()) app.quit()
  })
  app.on('before-quit', (event) => {
    if (quitting === 'done') return
    // Quit waits for the room: let Electron go only once it has shut down.
    event.preventDefault()
    if (quitting === 'shutting-down') return
    quitting = 'shutting-down'
    void shutdown().finally(() => {
      quitting = 'done'
      app.quit()
    })
  })
  app
    .whenReady()
    .then(start)
    .catch(async (error: unknown) => {
      // Quit (from the tray) while the room was still starting: nothing failed.
      if (quitting !== 'no') return
      logError('Robodeck could not start', error)
      quitting = 'done'
      // A room that did start is not left behind.
      await shutdown()
      showStartupFailure(error, {
        logFile: logFile || join(app.getPath('logs'), 'main.log'),
        roomDataDir: roomDataDir(),
      })
      app.exit(1)
    })
}
