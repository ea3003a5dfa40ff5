/** The app window: sandboxed, isolated, navigation-locked, showing the renderer from app://robodeck. */
import { join } from 'node:path'
import { BrowserWindow } from 'electron'
import type { WindowBounds } from '../core/settings/settings-schema'
import { APP_ENTRY_URL, isAppOrigin } from './app-protocol'
import { lockNavigation } from './security'

export interface AppWindowOptions {
  mainDir: string
  /** electron-vite's dev server, when running `npm run dev`. */
  devServerUrl?: string
}

export interface CreateWindowOptions extends AppWindowOptions {
  /** Where the window was last time, already checked to be on a display (window-bounds.ts). */
  bounds?: WindowBounds
  /**
   * Asked when the user closes the window: true hides it instead (the app keeps running in the tray
   * or the Dock, and the page keeps its state and its event subscriptions).
   */
  hideOnClose(): boolean
}

/**
 * Where the renderer is loaded from, and the test for URLs that belong to it: the app's origin
 * (app://robodeck), or the dev server's origin under `npm run dev`. Trust is decided on the origin.
 */
export function rendererLocation(options: AppWindowOptions): { url: string; isAppUrl(url: string): boolean } {
  if (options.devServerUrl === undefined) return { url: APP_ENTRY_URL, isAppUrl: isAppOrigin }
  const origin = new URL(options.devServerUrl).origin
  const isAppUrl = (candidate: string) => {
    try {
      return new URL(candidate).origin === origin
    } catch {
      return false
    }
  }
  return { url: options.devServerUrl, isAppUrl }
}

/** Creates the window (hidden until its first paint, to avoid a white flash). */
export function createAppWindow(options: CreateWindowOptions): BrowserWindow {
  const { url, isAppUrl } = rendererLocation(options)
  const place = options.bounds
    ? { x: options.bounds.x, y: options.bounds.y, width: options.bounds.width, height: options.bounds.height }
    : { width: 1180, height: 760 }
  const window = new BrowserWindow({
    ...place,
    minWidth: 760,
    minHeight: 480,
    show: false,
    title: 'Robodeck',
    // Written out here, where a reviewer and Electronegativity read them: sandboxed, isolated, no Node.
    webPreferences: {
      preload: join(options.mainDir, '../preload/index.js'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  })
  lockNavigation(window.webContents, isAppUrl)
  window.on('close', (event) => {
    if (!options.hideOnClose()) return
    event.preventDefault()
    window.hide()
  })
  window.once('ready-to-show', () => {
    // maximize() shows the window too, so it waits for the first paint as well.
    if (options.bounds?.maximized) window.maximize()
    window.show()
  })
  void window.loadURL(url)
  return window
}
