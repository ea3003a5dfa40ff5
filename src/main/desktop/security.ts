/**
 * Electron's security checklist for the session and the window's contents: a deny-all permission
 * handler, navigation and window.open locked, and the CSP header on every response. The window's
 * web preferences sit in window.ts, beside the `new BrowserWindow` they configure.
 */
import { session, shell, type WebContents } from 'electron'
import { contentSecurityPolicyHeader } from '../../shared/content-security-policy'

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

/**
 * Applies the session-wide rules: deny every permission and send the CSP header (the dev server's
 * looser one only when `devServer` is set, i.e. under `npm run dev`).
 */
export function hardenSession(options: { devServer?: boolean } = {}): void {
  const policy = contentSecurityPolicyHeader(options.devServer === true)
  const defaultSession = session.defaultSession
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  defaultSession.setPermissionCheckHandler(() => false)
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [policy],
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
