/**
 * A stand-in for the `electron` module, which cannot load outside Electron. It records what the
 * desktop adapters register so tests can drive those handlers the way Electron would, and it is
 * enough of Electron for src/main/index.ts to start and quit under plain Node (test/integration/main).
 * Each part is checked against Electron's own types (`satisfies Partial<…>`) where the fake's
 * shape allows it, so a renamed or retyped Electron API shows up here.
 */
import { EventEmitter } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as Electron from 'electron'
import { vi } from 'vitest'

export const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
export const sessionHandlers: {
  permissionRequest?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void
  permissionCheck?: (...args: unknown[]) => boolean
  headersReceived?: (
    details: { responseHeaders?: Record<string, string[]> },
    callback: (r: unknown) => void,
  ) => void
} = {}
/** What protocol.handle registered, by scheme. */
export const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>()

/** An event Electron passes to listeners that may cancel what is about to happen. */
export function cancellableEvent() {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true
    },
  }
  return event
}

/** A WebContents double: an EventEmitter with the methods the adapters call. */
export function fakeWebContents(url = 'app://robodeck/index.html') {
  const contents = new EventEmitter() as EventEmitter & Record<string, unknown>
  const mainFrame = { url }
  let windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
  Object.assign(contents, {
    mainFrame,
    send: vi.fn(),
    isDestroyed: () => false,
    isLoading: vi.fn(() => false),
    setWindowOpenHandler: (handler: typeof windowOpenHandler) => {
      windowOpenHandler = handler
    },
    openWindow: (target: string) => windowOpenHandler?.({ url: target }),
  })
  return contents as unknown as EventEmitter & {
    mainFrame: { url: string }
    send: ReturnType<typeof vi.fn>
    isDestroyed: () => boolean
    isLoading: ReturnType<typeof vi.fn>
    openWindow: (url: string) => { action: string } | undefined
  }
}

/** BrowserWindow double: keeps the options each window was created with, and its state. */
export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = []
  readonly webContents = fakeWebContents('about:blank')
  visible = false
  destroyed = false
  maximized = false
  bounds: Electron.Rectangle
  readonly loadURL = vi.fn(async (url: string) => {
    this.webContents.mainFrame.url = url
  })
  readonly show = vi.fn(() => {
    this.visible = true
    this.emit('show')
  })
  readonly hide = vi.fn(() => {
    this.visible = false
    this.emit('hide')
  })
  readonly focus = vi.fn()
  readonly restore = vi.fn()
  readonly maximize = vi.fn(() => {
    this.maximized = true
    this.visible = true
  })
  constructor(readonly options: Record<string, unknown>) {
    super()
    const number = (key: string, fallback: number) =>
      typeof options[key] === 'number' ? (options[key] as number) : fallback
    this.bounds = {
      x: number('x', 100),
      y: number('y', 100),
      width: number('width', 800),
      height: number('height', 600),
    }
    FakeBrowserWindow.created.push(this)
  }
  isDestroyed = () => this.destroyed
  isMinimized = () => false
  isMaximized = () => this.maximized
  isVisible = () => this.visible
  getNormalBounds = () => ({ ...this.bounds })
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

/** app double: what the composition root calls, and a quit that runs Electron's sequence. */
export class FakeApp extends EventEmitter {
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
  readonly setPath = vi.fn((name: string, path: string) => {
    this.paths.set(name, path)
  })
  readonly getPath = vi.fn((name: string) => this.paths.get(name) ?? join(tmpdir(), `robodeck-fake-${name}`))
  readonly setAppLogsPath = vi.fn((path?: string) => {
    if (path) this.paths.set('logs', path)
  })
  readonly getVersion = vi.fn(() => '0.0.0-test')
  readonly getName = vi.fn(() => 'Robodeck')
  readonly setAppUserModelId = vi.fn()
  readonly setAsDefaultProtocolClient = vi.fn<Electron.App['setAsDefaultProtocolClient']>(() => true)
  readonly requestSingleInstanceLock = vi.fn(() => true)
  readonly whenReady = vi.fn(() => this.ready)
  /** Electron's order: before-quit (which may be prevented), windows close, will-quit, quit. */
  readonly quit = vi.fn(() => {
    const event = cancellableEvent()
    this.emit('before-quit', event)
    if (event.defaultPrevented) return
    for (const window of FakeBrowserWindow.created) if (!window.destroyed) window.userCloses()
    this.emit('will-quit', cancellableEvent())
    this.emit('quit')
    this.endApp({ how: 'quit', code: 0 })
  })
  readonly exit = vi.fn((code = 0) => this.endApp({ how: 'exit', code }))
}

/** Notification double: an EventEmitter that records what it was created with. */
export class FakeNotification extends EventEmitter {
  static created: FakeNotification[] = []
  static isSupported = vi.fn(() => true)
  readonly show = vi.fn()
  readonly close = vi.fn()
  constructor(readonly options: Electron.NotificationConstructorOptions) {
    super()
    FakeNotification.created.push(this)
  }
  get title() {
    return this.options.title ?? ''
  }
}

/** Tray double: keeps the menu template and tooltip it was last given. */
export class FakeTray extends EventEmitter {
  static created: FakeTray[] = []
  contextMenu: { template: Electron.MenuItemConstructorOptions[] } | null = null
  tooltip = ''
  destroyed = false
  constructor(public image: unknown) {
    super()
    FakeTray.created.push(this)
  }
  readonly setImage = vi.fn((image: unknown) => {
    this.image = image
  })
  readonly setToolTip = vi.fn((tooltip: string) => {
    this.tooltip = tooltip
  })
  readonly setContextMenu = vi.fn((menu: { template: Electron.MenuItemConstructorOptions[] } | null) => {
    this.contextMenu = menu
  })
  readonly destroy = vi.fn(() => {
    this.destroyed = true
  })
  isDestroyed = () => this.destroyed
}

/** A nativeImage double: remembers its path and whether it was made a template. */
export function fakeImage(path = '') {
  let template = false
  return {
    path,
    isEmpty: () => path === '',
    setTemplateImage: vi.fn((value: boolean) => {
      template = value
    }),
    isTemplateImage: () => template || /Template(@\dx)?\.png$/.test(path),
  }
}

export const fakeApp = new FakeApp()
// The calls the composition root makes, checked against Electron's App (the class adds test helpers).
fakeApp satisfies Pick<
  Electron.App,
  | 'setPath'
  | 'getPath'
  | 'setAppLogsPath'
  | 'getVersion'
  | 'setAppUserModelId'
  | 'setAsDefaultProtocolClient'
  | 'requestSingleInstanceLock'
  | 'whenReady'
  | 'quit'
  | 'exit'
  | 'isPackaged'
>

export const electronMock = {
  app: fakeApp,
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Notification: FakeNotification,
  Menu: {
    buildFromTemplate: vi.fn((template: Electron.MenuItemConstructorOptions[]) => ({ template })),
    setApplicationMenu: vi.fn(),
  },
  nativeImage: {
    createFromPath: vi.fn((path: string) => fakeImage(path)),
    createEmpty: vi.fn(() => fakeImage()),
  },
  dialog: {
    showErrorBox: vi.fn(),
    // The person's answer: 1 is Cancel in every dialog the app shows; a test answers 0 to accept.
    showMessageBox: vi.fn(
      async (..._args: unknown[]): Promise<Electron.MessageBoxReturnValue> => ({
        response: 1,
        checkboxChecked: false,
      }),
    ),
  } satisfies Partial<Electron.Dialog>,
  ipcMain: {
    handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) =>
      ipcHandlers.set(channel, handler),
    ),
    removeHandler: vi.fn((channel: string) => ipcHandlers.delete(channel)),
    // electron-store listens for its renderer API when it finds `app` and `ipcMain`.
    on: vi.fn(),
  } satisfies Partial<Electron.IpcMain>,
  protocol: {
    registerSchemesAsPrivileged: vi.fn(),
    handle: vi.fn((scheme: string, handler: (request: Request) => Response | Promise<Response>) => {
      protocolHandlers.set(scheme, handler)
    }),
  } satisfies Partial<Electron.Protocol>,
  powerMonitor: new EventEmitter(),
  screen: {
    getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }]),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: vi.fn((handler) => {
        sessionHandlers.permissionRequest = handler
      }),
      setPermissionCheckHandler: vi.fn((handler) => {
        sessionHandlers.permissionCheck = handler
      }),
      webRequest: {
        onHeadersReceived: vi.fn((handler) => {
          sessionHandlers.headersReceived = handler
        }),
      },
    },
  },
  shell: { openExternal: vi.fn(async () => {}) } satisfies Partial<Electron.Shell>,
  safeStorage: {
    isAsyncEncryptionAvailable: vi.fn(async () => true),
    getSelectedStorageBackend: vi.fn(
      (): ReturnType<Electron.SafeStorage['getSelectedStorageBackend']> => 'gnome_libsecret',
    ),
    encryptStringAsync: vi.fn(async (plain: string) => Buffer.from(`enc:${plain}`)),
    decryptStringAsync: vi.fn(async (data: Buffer) => ({
      result: data.toString().replace(/^enc:/, ''),
      shouldReEncrypt: false,
    })),
  } satisfies Partial<Electron.SafeStorage>,
  utilityProcess: { fork: vi.fn() },
}

/** The module as `vi.mock('electron', …)` returns it: named exports, and the default one electron-store uses. */
export const electronModule = { ...electronMock, default: electronMock }
