/**
 * The desktop side of robodeck:// links: the scheme registered (with the app's path when run
 * unpackaged), links found in a command line and taken from macOS's open-url, and the native
 * confirmation before a launch (a production workspace warns, with Cancel the default).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { launchQuestion } from '../../../../src/main/core/deep-links'
import { cancellableEvent, electronMock, fakeApp } from '../../../support/electron-mock'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronModule)

const { confirmLaunch, deepLinkInArgv, launchDialogOptions, listenForOpenUrl, registerDeepLinkProtocol } =
  await import('../../../../src/main/desktop/deep-links')

afterEach(() => {
  vi.clearAllMocks()
  Reflect.deleteProperty(process, 'defaultApp')
})

describe('deep links on the desktop', () => {
  it('registers robodeck://, with the app path when Electron runs the app unpackaged', () => {
    registerDeepLinkProtocol(['/usr/bin/electron'])
    expect(fakeApp.setAsDefaultProtocolClient).toHaveBeenLastCalledWith('robodeck')
    Object.defineProperty(process, 'defaultApp', { value: true, configurable: true })
    registerDeepLinkProtocol(['/usr/bin/electron', 'out/main/index.js'])
    expect(fakeApp.setAsDefaultProtocolClient).toHaveBeenLastCalledWith('robodeck', process.execPath, [
      expect.stringMatching(/out[/\\]main[/\\]index\.js$/),
    ])
  })

  it('finds the link in a command line, and takes macOS open-url links', () => {
    expect(deepLinkInArgv(['robodeck.exe', '--flag', 'robodeck://run/local/r1'])).toBe(
      'robodeck://run/local/r1',
    )
    expect(deepLinkInArgv(['robodeck.exe', 'https://example.com'])).toBeUndefined()
    const links: string[] = []
    listenForOpenUrl((link) => links.push(link))
    const event = cancellableEvent()
    fakeApp.emit('open-url', event, 'robodeck://run/local/r2')
    expect(links).toEqual(['robodeck://run/local/r2'])
    expect(event.defaultPrevented).toBe(true)
  })

  it('asks in a native dialog: a production workspace warns and defaults to Cancel', async () => {
    const production = launchDialogOptions(launchQuestion('Invoices', 'Finance', true))
    expect(production).toMatchObject({
      type: 'warning',
      buttons: ['Launch', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
    })
    expect(production.message).toContain('PRODUCTION')
    expect(launchDialogOptions(launchQuestion('Invoices', 'Test', false))).toMatchObject({
      type: 'question',
      defaultId: 0,
    })
    expect(await confirmLaunch(launchQuestion('Invoices', 'Test', false))).toBe(false)
    electronMock.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false })
    expect(await confirmLaunch(launchQuestion('Invoices', 'Test', false))).toBe(true)
  })
})
