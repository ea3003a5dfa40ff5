import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../../src/shared/content-security-policy'
import {
  asWebContents,
  electronMock,
  FakeBrowserWindow,
  fakeWebContents,
  headersReceivedDetails,
  sessionHandlers,
} from '../../../support/electron-mock'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronMock)

const { hardenSession, lockNavigation } = await import('../../../../src/main/desktop/security')
const { createAppWindow, rendererLocation } = await import('../../../../src/main/desktop/window')

const appUrl = 'app://robodeck/index.html'
const isAppUrl = (url: string) => url === appUrl || url.startsWith(`${appUrl}#`)
const hideOnClose = () => false

beforeEach(() => vi.clearAllMocks())

describe('desktop security', () => {
  it('creates the window sandboxed and isolated, with no Node, locked to the app page', () => {
    const window = createAppWindow({
      mainDir: '/opt/robodeck/out/main',
      hideOnClose,
    }) as unknown as FakeBrowserWindow
    expect(FakeBrowserWindow.created.at(-1)).toBe(window)
    expect(window.options.webPreferences).toEqual({
      preload: '/opt/robodeck/out/preload/index.js',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    })
    expect(window.options.show).toBe(false)
    expect(window.loadURL).toHaveBeenCalledWith('app://robodeck/index.html')
    const event = { preventDefault: vi.fn() }
    window.webContents.emit('will-navigate', event, 'https://example.com/')
    expect(event.preventDefault).toHaveBeenCalled()
  })

  it('denies every permission and sends the CSP header', () => {
    hardenSession()
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read'] as const) {
      const callback = vi.fn()
      sessionHandlers.permissionRequest?.(asWebContents(fakeWebContents()), permission, callback, {
        isMainFrame: true,
        requestingUrl: 'app://robodeck/index.html',
      })
      expect(callback).toHaveBeenCalledWith(false)
    }
    expect(
      sessionHandlers.permissionCheck?.(null, 'notifications', 'app://robodeck', { isMainFrame: true }),
    ).toBe(false)
    const callback = vi.fn()
    sessionHandlers.headersReceived?.(headersReceivedDetails({ a: ['b'] }), callback)
    const headers = callback.mock.calls[0]?.[0].responseHeaders
    expect(headers.a).toEqual(['b'])
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY_HEADER])
  })

  it('sends the strict policy unless the page comes from the dev server', () => {
    expect(CONTENT_SECURITY_POLICY_HEADER).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    )
    const sent = (options?: { devServer?: boolean }) => {
      hardenSession(options)
      const callback = vi.fn()
      sessionHandlers.headersReceived?.(headersReceivedDetails({}), callback)
      return callback.mock.calls[0]?.[0].responseHeaders['Content-Security-Policy'][0] as string
    }
    expect(sent({ devServer: false })).toBe(CONTENT_SECURITY_POLICY_HEADER)
    const dev = sent({ devServer: true })
    expect(dev).toContain("script-src 'self' 'unsafe-inline'")
    expect(dev).toContain("style-src 'self' 'unsafe-inline'")
    expect(dev).toContain("object-src 'none'")
  })

  it('keeps the window on the app page and sends web links to the browser', () => {
    const contents = fakeWebContents()
    lockNavigation(contents as never, isAppUrl)
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() }
      contents.emit('will-navigate', event, url)
      return event.preventDefault.mock.calls.length > 0
    }
    expect(navigate(`${appUrl}#runs`)).toBe(false)
    expect(navigate('https://example.com/')).toBe(true)
    expect(navigate('file:///etc/passwd')).toBe(true)
    expect(navigate('javascript:alert(1)')).toBe(true)
    expect(electronMock.shell.openExternal).toHaveBeenCalledTimes(1)
    expect(electronMock.shell.openExternal).toHaveBeenCalledWith('https://example.com/')
  })

  it('never opens a window and never attaches a webview', () => {
    const contents = fakeWebContents()
    lockNavigation(contents as never, isAppUrl)
    expect(contents.openWindow('https://example.com/docs')).toEqual({ action: 'deny' })
    expect(contents.openWindow('smb://share/x')).toEqual({ action: 'deny' })
    expect(electronMock.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://example.com/docs')
    const event = { preventDefault: vi.fn() }
    contents.emit('will-attach-webview', event)
    expect(event.preventDefault).toHaveBeenCalled()
  })

  it('trusts the app origin only, and the dev server origin only under npm run dev', () => {
    const { url, isAppUrl: belongs } = rendererLocation({ mainDir: '/opt/robodeck/out/main' })
    expect(url).toBe('app://robodeck/index.html')
    expect(belongs('app://robodeck/index.html#x')).toBe(true)
    expect(belongs('app://robodeck/assets/other.html')).toBe(true)
    for (const other of [
      'file:///opt/robodeck/out/renderer/index.html',
      'app://robodeck.evil.example/index.html',
      'app://evil/index.html',
      'app://user@robodeck/index.html',
      'app://robodeck:8080/index.html',
      'http://robodeck/index.html',
      'not a url',
    ])
      expect(belongs(other), other).toBe(false)
    const dev = rendererLocation({ mainDir: '/x', devServerUrl: 'http://localhost:5173/' })
    expect(dev.url).toBe('http://localhost:5173/')
    expect(dev.isAppUrl('http://localhost:5173/src/app.tsx')).toBe(true)
    expect(dev.isAppUrl('http://localhost:5174/')).toBe(false)
    expect(dev.isAppUrl('app://robodeck/index.html')).toBe(false)
  })
})
