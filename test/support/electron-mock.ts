/**
 * A stand-in for the `electron` module, which cannot load outside Electron. It records what the
 * desktop adapters register so tests can drive those handlers the way Electron would.
 */
import { EventEmitter } from 'node:events'
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

/** BrowserWindow double: keeps the options each window was created with. */
export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = []
  readonly webContents = fakeWebContents()
  readonly loadURL = vi.fn(async () => {})
  readonly show = vi.fn()
  constructor(readonly options: Record<string, unknown>) {
    super()
    FakeBrowserWindow.created.push(this)
  }
}

export const electronMock = {
  BrowserWindow: FakeBrowserWindow,
  ipcMain: {
    handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) =>
      ipcHandlers.set(channel, handler),
    ),
    removeHandler: vi.fn((channel: string) => ipcHandlers.delete(channel)),
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
  shell: { openExternal: vi.fn(async () => {}) },
  safeStorage: {
    isAsyncEncryptionAvailable: vi.fn(async () => true),
    getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
    encryptStringAsync: vi.fn(async (plain: string) => Buffer.from(`enc:${plain}`)),
    decryptStringAsync: vi.fn(async (data: Buffer) => ({
      result: data.toString().replace(/^enc:/, ''),
      shouldReEncrypt: false,
    })),
  },
  utilityProcess: { fork: vi.fn() },
  Notification: Object.assign(vi.fn(), { isSupported: vi.fn(() => true) }),
}

/** A WebContents double: an EventEmitter with the methods the adapters call. */
export function fakeWebContents(url = 'file:///app/out/renderer/index.html') {
  const contents = new EventEmitter() as EventEmitter & Record<string, unknown>
  const mainFrame = { url }
  let windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
  Object.assign(contents, {
    mainFrame,
    send: vi.fn(),
    isDestroyed: () => false,
    setWindowOpenHandler: (handler: typeof windowOpenHandler) => {
      windowOpenHandler = handler
    },
    openWindow: (target: string) => windowOpenHandler?.({ url: target }),
  })
  return contents as unknown as EventEmitter & {
    mainFrame: { url: string }
    send: ReturnType<typeof vi.fn>
    isDestroyed: () => boolean
    openWindow: (url: string) => { action: string } | undefined
  }
}
