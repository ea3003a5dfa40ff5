/**
 * A stand-in for the `electron` module, which cannot load outside Electron. It records what the
 * desktop adapters register so tests can drive those handlers the way Electron would, and it is
 * enough of Electron for src/main/index.ts to start and quit under plain Node (test/integration/main).
 *
 * Every part is typed against Electron's own declarations (node_modules/electron/electron.d.ts):
 * each mocked method is a `vi.fn` of the Electron method's type, each class `implements` the part of
 * the Electron class it stands for (`Pick<Electron.X, …>`), so a renamed or retyped Electron API is
 * a compile error here. Where a test hands Electron a double (an IPC event, a WebContents), the one
 * cast is in a helper below that says what it stands for.
 */
import { EventEmitter } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as Electron from 'electron'
import { vi } from 'vitest'

type IpcInvokeHandler = Parameters<Electron.IpcMain['handle']>[1]
type PermissionRequestHandler = NonNullable<Parameters<Electron.Session['setPermissionRequestHandler']>[0]>
type PermissionCheckHandler = NonNullable<Parameters<Electron.Session['setPermissionCheckHandler']>[0]>
type HeadersReceivedListener = NonNullable<Parameters<Electron.WebRequest['onHeadersReceived']>[0]>
type ProtocolHandler = Parameters<Electron.Protocol['handle']>[1]
type MenuTemplate = Parameters<typeof Electron.Menu.buildFromTemplate>[0]

/** What ipcMain.handle registered, by channel. */
export const ipcHandlers = new Map<string, IpcInvokeHandler>()
/** What the default session was given: the permission handlers and the headers listener. */
export const sessionHandlers: {
  permissionRequest?: PermissionRequestHandler
  permissionCheck?: PermissionCheckHandler
  headersReceived?: HeadersReceivedListener
} = {}
/** What protocol.handle registered, by scheme. */
export const protocolHandlers = new Map<string, ProtocolHandler>()

/** An event Electron passes to listeners that may cancel what is about to happen. */
export function cancellableEvent(): Electron.Event {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true
    },
  }
  return event
}

type WindowOpenHandler = Parameters<Electron.WebContents['setWindowOpenHandler']>[0]

/** A WebContents double: an EventEmitter with the methods the adapters call. */
export class FakeWebContents
  extends EventEmitter
  implements Pick<Electron.WebContents, 'send' | 'isDestroyed' | 'isLoading' | 'setWindowOpenHandler'>
{
  /** Stands for WebFrameMain's `url`, which Electron updates as the frame navigates. */
  readonly mainFrame: { url: string }
  private windowOpenHandler: WindowOpenHandler | undefined
  constructor(url: string) {
    super()
    this.mainFrame = { url }
  }
  readonly send = vi.fn<Electron.WebContents['send']>()
  readonly isDestroyed = vi.fn<Electron.WebContents['isDestroyed']>(() => false)
  readonly isLoading = vi.fn<Electron.WebContents['isLoading']>(() => false)
  readonly setWindowOpenHandler = vi.fn<Electron.WebContents['setWindowOpenHandler']>((handler) => {
    this.windowOpenHandler = handler
  })
  /** What the page opening `url` in a new window gets from the handler the adapters set. */
  openWindow(url: string): Electron.WindowOpenHandlerResponse | undefined {
    return this.windowOpenHandler?.({
      url,
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: '', policy: 'default' },
    })
  }
}

export function fakeWebContents(url = 'app://robodeck/index.html'): FakeWebContents {
  return new FakeWebContents(url)
}

/**
 * The event ipcMain.handle's handler receives, as a test builds it: the sender and its frame (or
 * null for a frame that is gone) are all the adapters read, so the rest of IpcMainInvokeEvent is
 * not there. This is the one place that says so.
 */
export function invokeEvent(fields: {
  sender: FakeWebContents
  senderFrame: { url: string } | null
}): Electron.IpcMainInvokeEvent {
  return fields as unknown as Electron.IpcMainInvokeEvent
}

/** The same for the WebContents a permission request names (the adapters never read it). */
export const asWebContents = (contents: FakeWebContents): Electron.WebContents =>
  contents as unknown as Electron.WebContents

/** What onHeadersReceived's listener gets for a main-frame response with these headers. */
export function headersReceivedDetails(
  responseHeaders: Record<string, string[]>,
): Electron.OnHeadersReceivedListenerDetails {
  return {
    id: 1,
    url: 'app://robodeck/index.html',
    method: 'GET',
    resourceType: 'mainFrame',
    referrer: '',
    timestamp: Date.now(),
    statusLine: 'HTTP/1.1 200 OK',
    statusCode: 200,
    responseHeaders,
  }
}

type BrowserWindowPart = Pick<
  Electron.BrowserWindow,
  | 'loadURL'
  | 'show'
  | 'hide'
  | 'focus'
  | 'restore'
  | 'maximize'
  | 'isDestroyed'
  | 'isMinimized'
  | 'isMaximized'
  | 'isVisible'
  | 'getNormalBounds'
>

/** BrowserWindow double: keeps the options each window was created with, and its state. */
export class FakeBrowserWindow extends EventEmitter implements BrowserWindowPart {
  static created: FakeBrowserWindow[] = []
  readonly webContents = fakeWebContents('about:blank')
  visible = false
  destroyed = false
  maximized = false
  bounds: Electron.Rectangle
  readonly loadURL = vi.fn<Electron.BrowserWindow['loadURL']>(async (url) => {
    this.webContents.mainFrame.url = url
  })
  readonly show = vi.fn<Electron.BrowserWindow['show']>(() => {
    this.visible = true
    this.emit('show')
  })
  readonly hide = vi.fn<Electron.BrowserWindow['hide']>(() => {
    this.visible = false
    this.emit('hide')
  })
  readonly focus = vi.fn<Electron.BrowserWindow['focus']>()
  readonly restore = vi.fn<Electron.BrowserWindow['restore']>()
  readonly maximize = vi.fn<Electron.BrowserWindow['maximize']>(() => {
    this.maximized = true
    this.visible = true
  })
  constructor(readonly options: Electron.BrowserWindowConstructorOptions = {}) {
    super()
    this.bounds = {
      x: options.x ?? 100,
      y: options.y ?? 100,
      width: options.width ?? 800,
      height: options.height ?? 600,
    }
    FakeBrowserWindow.created.push(this)
  }
  isDestroyed = () => this.destroyed
  isMinimized = () => false
  isMaximized = () => this.maximized
  isVisible = () => this.visible
  getNormalBounds = (): Electron.Rectangle => ({ ...this.bounds })
  /** What a user's click on the window's close button does: 'close', then gone unless prevented. */
  userCloses(): boolean {
    const event = cancellableEvent()
    this.emit('close', event)
    if (event.defaultPrevented) return false
    this.destroyed = true
    this.emit('closed')
    return true
  }
}

/** A window double handed to an adapter that takes Electron's BaseWindow (a dialog's parent): it only passes it on. */
export const asBaseWindow = (window: FakeBrowserWindow): Electron.BaseWindow =>
  window as unknown as Electron.BaseWindow

type AppPart = Pick<
  Electron.App,
  | 'setPath'
  | 'getPath'
  | 'setAppLogsPath'
  | 'getVersion'
  | 'getName'
  | 'setAppUserModelId'
  | 'setAsDefaultProtocolClient'
  | 'requestSingleInstanceLock'
  | 'whenReady'
  | 'quit'
  | 'exit'
  | 'isPackaged'
>

/** app double: what the composition root calls, and a quit that runs Electron's sequence. */
export class FakeApp extends EventEmitter implements AppPart {
  isPackaged = false
  readonly paths = new Map<string, string>()
  /** Resolved by the test to let `ready` happen (or at once, by default). */
  ready: Promise<void> = Promise.resolve()
  /** Resolves once the app has really quit (before-quit not prevented) or exited. */
  readonly ended: Promise<{ how: 'quit' | 'exit'; code: number }>
  private endApp: (end: { how: 'quit' | 'exit'; code: number }) => void = () => {}
  constructor() {
    super()
    this.ended = new Promise((resolve) => {
      this.endApp = resolve
    })
  }
  readonly setPath = vi.fn<Electron.App['setPath']>((name, path) => {
    this.paths.set(name, path)
  })
  readonly getPath = vi.fn<Electron.App['getPath']>(
    (name) => this.paths.get(name) ?? join(tmpdir(), `robodeck-fake-${name}`),
  )
  readonly setAppLogsPath = vi.fn<Electron.App['setAppLogsPath']>((path) => {
    if (path) this.paths.set('logs', path)
  })
  readonly getVersion = vi.fn<Electron.App['getVersion']>(() => '0.0.0-test')
  readonly getName = vi.fn<Electron.App['getName']>(() => 'Robodeck')
  readonly setAppUserModelId = vi.fn<Electron.App['setAppUserModelId']>()
  readonly setAsDefaultProtocolClient = vi.fn<Electron.App['setAsDefaultProtocolClient']>(() => true)
  readonly requestSingleInstanceLock = vi.fn<Electron.App['requestSingleInstanceLock']>(() => true)
  readonly whenReady = vi.fn<Electron.App['whenReady']>(() => this.ready)
  /** Electron's order: before-quit (which may be prevented), windows close, will-quit, quit. */
  readonly quit = vi.fn<Electron.App['quit']>(() => {
    const event = cancellableEvent()
    this.emit('before-quit', event)
    if (event.defaultPrevented) return
    for (const window of FakeBrowserWindow.created) if (!window.destroyed) window.userCloses()
    this.emit('will-quit', cancellableEvent())
    this.emit('quit')
    this.endApp({ how: 'quit', code: 0 })
  })
  readonly exit = vi.fn<Electron.App['exit']>((code = 0) => this.endApp({ how: 'exit', code }))
}

/** Notification double: an EventEmitter that records what it was created with. */
export class FakeNotification extends EventEmitter implements Pick<Electron.Notification, 'show' | 'close'> {
  static created: FakeNotification[] = []
  static isSupported = vi.fn<typeof Electron.Notification.isSupported>(() => true)
  readonly show = vi.fn<Electron.Notification['show']>()
  readonly close = vi.fn<Electron.Notification['close']>()
  constructor(readonly options: Electron.NotificationConstructorOptions = {}) {
    super()
    FakeNotification.created.push(this)
  }
  get title() {
    return this.options.title ?? ''
  }
}

/** A nativeImage double: remembers its path and whether it was made a template. */
export class FakeImage
  implements Pick<Electron.NativeImage, 'isEmpty' | 'setTemplateImage' | 'isTemplateImage'>
{
  private template = false
  constructor(readonly path = '') {}
  isEmpty = () => this.path === ''
  readonly setTemplateImage = vi.fn<Electron.NativeImage['setTemplateImage']>((value) => {
    this.template = value
  })
  isTemplateImage = () => this.template || /Template(@\dx)?\.png$/.test(this.path)
}

export const fakeImage = (path = '') => new FakeImage(path)

/** What Menu.buildFromTemplate built: its template, for tests to read and click. */
export class FakeMenu {
  constructor(readonly template: MenuTemplate) {}
}

/**
 * Tray double: keeps the image, menu and tooltip it was last given. Its methods take the doubles
 * this mock's nativeImage and Menu make, where Electron's take the real ones.
 */
export class FakeTray
  extends EventEmitter
  implements Pick<Electron.Tray, 'setToolTip' | 'destroy' | 'isDestroyed'>
{
  static created: FakeTray[] = []
  contextMenu: FakeMenu | null = null
  tooltip = ''
  destroyed = false
  constructor(public image: FakeImage) {
    super()
    FakeTray.created.push(this)
  }
  readonly setImage = vi.fn((image: FakeImage) => {
    this.image = image
  })
  readonly setToolTip = vi.fn<Electron.Tray['setToolTip']>((tooltip) => {
    this.tooltip = tooltip
  })
  readonly setContextMenu = vi.fn((menu: FakeMenu | null) => {
    this.contextMenu = menu
  })
  readonly destroy = vi.fn<Electron.Tray['destroy']>(() => {
    this.destroyed = true
  })
  isDestroyed = () => this.destroyed
}

/** A display with the work area a 1920 × 1080 screen with a 40 px taskbar has. */
const fakeDisplay: Electron.Display = {
  accelerometerSupport: 'unknown',
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  colorDepth: 24,
  colorSpace: 'srgb',
  depthPerComponent: 8,
  detected: true,
  displayFrequency: 60,
  id: 1,
  internal: false,
  label: 'Fake display',
  maximumCursorSize: { width: 64, height: 64 },
  monochrome: false,
  nativeOrigin: { x: 0, y: 0 },
  rotation: 0,
  scaleFactor: 1,
  size: { width: 1920, height: 1080 },
  touchSupport: 'unknown',
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  workAreaSize: { width: 1920, height: 1040 },
}

export const fakeApp = new FakeApp()

/** What the adapters pass to utilityProcess.fork (Electron's ForkOptions, the fields they set). */
type ForkCall = (
  modulePath: string,
  args: string[],
  options: Pick<Electron.ForkOptions, 'execArgv' | 'cwd' | 'serviceName' | 'stdio'> & {
    env?: NodeJS.ProcessEnv
  },
) => EventEmitter
/**
 * utilityProcess: a test gives fork its implementation, a double of UtilityProcess (an
 * EventEmitter with the streams and methods the adapters use, or a real Node process behind one).
 */
const utilityProcess = { fork: vi.fn<ForkCall>() }

export const electronMock = {
  app: fakeApp,
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Notification: FakeNotification,
  Menu: {
    buildFromTemplate: vi.fn((template: MenuTemplate) => new FakeMenu(template)),
    setApplicationMenu: vi.fn<typeof Electron.Menu.setApplicationMenu>(),
  },
  nativeImage: {
    createFromPath: vi.fn((path: string) => fakeImage(path)),
    createEmpty: vi.fn(() => fakeImage()),
  },
  dialog: {
    showErrorBox: vi.fn<Electron.Dialog['showErrorBox']>(),
    // The person's answer: 1 is Cancel in every dialog the app shows; a test answers 0 to accept.
    showMessageBox: vi.fn(
      async (
        ..._args: [Electron.BaseWindow, Electron.MessageBoxOptions] | [Electron.MessageBoxOptions]
      ): Promise<Electron.MessageBoxReturnValue> => ({ response: 1, checkboxChecked: false }),
    ),
    // The person cancels unless a test answers with a path.
    showOpenDialog: vi.fn(
      async (
        ..._args: [Electron.BaseWindow, Electron.OpenDialogOptions] | [Electron.OpenDialogOptions]
      ): Promise<Electron.OpenDialogReturnValue> => ({ canceled: true, filePaths: [] }),
    ),
  },
  ipcMain: {
    handle: vi.fn<Electron.IpcMain['handle']>((channel, handler) => {
      ipcHandlers.set(channel, handler)
    }),
    removeHandler: vi.fn<Electron.IpcMain['removeHandler']>((channel) => {
      ipcHandlers.delete(channel)
    }),
    // electron-store listens for its renderer API when it finds `app` and `ipcMain`.
    on: vi.fn<Electron.IpcMain['on']>(),
  },
  protocol: {
    registerSchemesAsPrivileged: vi.fn<Electron.Protocol['registerSchemesAsPrivileged']>(),
    handle: vi.fn<Electron.Protocol['handle']>((scheme, handler) => {
      protocolHandlers.set(scheme, handler)
    }),
  },
  powerMonitor: new EventEmitter(),
  screen: {
    getAllDisplays: vi.fn<Electron.Screen['getAllDisplays']>(() => [fakeDisplay]),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: vi.fn<Electron.Session['setPermissionRequestHandler']>((handler) => {
        sessionHandlers.permissionRequest = handler ?? undefined
      }),
      setPermissionCheckHandler: vi.fn<Electron.Session['setPermissionCheckHandler']>((handler) => {
        sessionHandlers.permissionCheck = handler ?? undefined
      }),
      webRequest: {
        onHeadersReceived: vi.fn((listener: HeadersReceivedListener | null) => {
          sessionHandlers.headersReceived = listener ?? undefined
        }),
      },
    },
  },
  shell: { openExternal: vi.fn<Electron.Shell['openExternal']>(async () => {}) },
  safeStorage: {
    isAsyncEncryptionAvailable: vi.fn<Electron.SafeStorage['isAsyncEncryptionAvailable']>(async () => true),
    getSelectedStorageBackend: vi.fn<Electron.SafeStorage['getSelectedStorageBackend']>(
      () => 'gnome_libsecret',
    ),
    encryptStringAsync: vi.fn<Electron.SafeStorage['encryptStringAsync']>(async (plain) =>
      Buffer.from(`enc:${plain}`),
    ),
    decryptStringAsync: vi.fn<Electron.SafeStorage['decryptStringAsync']>(async (data) => ({
      result: data.toString().replace(/^enc:/, ''),
      shouldReEncrypt: false,
    })),
  },
  utilityProcess,
}

/** The module as `vi.mock('electron', …)` returns it: named exports, and the default one electron-store uses. */
export const electronModule = { ...electronMock, default: electronMock }
