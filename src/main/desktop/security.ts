/**
 * Electron's security checklist in one place: the window's web preferences, a deny-all permission
 * handler, navigation and window.open locked, and the CSP header on every response.
 */
import { type BrowserWindowConstructorOptions, session, shell, type WebContents } from 'electron'
import { CONTENT_SECURITY_POLICY_HEADER } from '../../shared/content-security-policy'

/** Web preferences for the app window: sandboxed, isolated, no Node. */
export function secureWebPreferences(preload: string): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  }
}

/** Only http(s) links leave the app, and they open in the user's browser, never in a window. */
function openExternally(url: string) {
  let protocol: string
  try {
    protocol = new URL(url).protocol
  } catch {
    return
  }
  if (protocol === 'https:' || protocol === 'http:') void shell.openExternal(url)
}

/** Applies the session-wide rules: deny every permission and send the CSP header. */
export function hardenSession(): void {
  const defaultSession = session.defaultSession
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  defaultSession.setPermissionCheckHandler(() => false)
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER],
      },
    })
  })
}

/** Locks a window's contents to the page it was given: no navigation, no new windows, no webviews. */
export function lockNavigation(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault()
      openExternally(url)
    }
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
