/** The app window: sandboxed, isolated, navigation-locked, showing the built renderer. */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow } from 'electron'
import { lockNavigation } from './security'

export interface AppWindowOptions {
  mainDir: string
  /** electron-vite's dev server, when running `npm run dev`. */
  devServerUrl?: string
}

/** Where the renderer is loaded from, and a test for URLs that belong to it. */
export function rendererLocation(options: AppWindowOptions) {
  const url = options.devServerUrl ?? pathToFileURL(join(options.mainDir, '../renderer/index.html')).href
  const base = new URL(url)
  const isAppUrl = (candidate: string) => {
    try {
      const parsed = new URL(candidate)
      return parsed.origin === base.origin && parsed.pathname === base.pathname
    } catch {
      return false
    }
  }
  return { url, isAppUrl }
}

/** Creates the window (hidden until its first paint, to avoid a white flash). */
export function createAppWindow(options: AppWindowOptions): BrowserWindow {
  const { url, isAppUrl } = rendererLocation(options)
  const window = new BrowserWindow({
    width: 1180,
    height: 760,
    minWidth: 760,
    minHeight: 480,
    show: false,
    title: 'Robodeck',
    autoHideMenuBar: true,
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
  window.once('ready-to-show', () => window.show())
  void window.loadURL(url)
  return window
}
