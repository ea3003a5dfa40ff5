/**
 * Platform identity and menus: the Windows AppUserModelID equals the installer's appId (toasts are
 * attributed to it and their clicks routed through it), and no packaged build has a menu with
 * Reload or Developer Tools.
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { parse } from 'yaml'
import { electronMock, fakeApp } from '../../../support/electron-mock'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronModule)

const { APP_ID, setAppIdentity } = await import('../../../../src/main/desktop/app-identity')
const { applicationMenuTemplate, setApplicationMenu } = await import('../../../../src/main/desktop/app-menu')

const root = resolve(__dirname, '../../../..')

beforeEach(() => {
  vi.clearAllMocks()
  fakeApp.isPackaged = false
})

/** Every role and label in a menu template, submenus included. */
function entries(template: Electron.MenuItemConstructorOptions[] | null): string[] {
  return (template ?? []).flatMap((item) => [
    String(item.role ?? item.label ?? item.type),
    ...entries(Array.isArray(item.submenu) ? item.submenu : null),
  ])
}

describe('AppUserModelID', () => {
  it('is the appId the installer registers, on Windows', async () => {
    const builder = parse(await readFile(join(root, 'build/electron-builder.yml'), 'utf8'))
    expect(APP_ID).toBe(builder.appId)
    fakeApp.isPackaged = true
    setAppIdentity('win32')
    expect(electronMock.app.setAppUserModelId).toHaveBeenCalledExactlyOnceWith('dev.robodeck.app')
  })

  it('is the executable for an unpackaged app (it has no Start Menu shortcut), and unset elsewhere', () => {
    setAppIdentity('win32')
    expect(electronMock.app.setAppUserModelId).toHaveBeenCalledExactlyOnceWith(process.execPath)
    vi.clearAllMocks()
    setAppIdentity('darwin')
    setAppIdentity('linux')
    expect(electronMock.app.setAppUserModelId).not.toHaveBeenCalled()
  })
})

describe('application menu', () => {
  it('is none on Windows and Linux, and the minimal app, Edit and Window menus on macOS', () => {
    expect(applicationMenuTemplate('win32', false)).toBeNull()
    expect(applicationMenuTemplate('linux', false)).toBeNull()
    expect(entries(applicationMenuTemplate('darwin', false))).toEqual(['appMenu', 'editMenu', 'windowMenu'])
    setApplicationMenu(false, 'linux')
    expect(electronMock.Menu.setApplicationMenu).toHaveBeenCalledWith(null)
  })

  it('offers Reload and Developer Tools only when the app is not packaged', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(entries(applicationMenuTemplate(platform, false))).not.toContain('toggleDevTools')
      expect(entries(applicationMenuTemplate(platform, false))).not.toContain('reload')
      expect(entries(applicationMenuTemplate(platform, true))).toEqual(
        expect.arrayContaining(['Developer', 'reload', 'toggleDevTools']),
      )
    }
  })
})
