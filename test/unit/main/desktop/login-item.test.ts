/**
 * Start at login with `electron` mocked: Electron's login items on macOS and Windows (with what the
 * system holds back said), a real XDG autostart file on Linux naming the AppImage when there is
 * one, and no offer in a development build or on a system that has neither.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApp } from '../../../support/electron-mock'
import { tempDir } from '../../../support/temp-dir'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronModule)

const { createLoginItem, DEVELOPMENT_BUILD_REASON, UNSUPPORTED_REASON } = await import(
  '../../../../src/main/desktop/login-item'
)

afterEach(() => {
  vi.clearAllMocks()
  fakeApp.isPackaged = false
  fakeApp.loginItem = { openAtLogin: false, status: 'not-registered', executableWillLaunchAtLogin: false }
})

describe('start at login', () => {
  it('is not offered in a development build, which would register the bare Electron binary', async () => {
    const item = createLoginItem({ platform: 'darwin' })
    expect(await item.read()).toEqual({ available: false, enabled: false, reason: DEVELOPMENT_BUILD_REASON })
    expect(await item.write(true)).toMatchObject({ available: false })
    expect(fakeApp.setLoginItemSettings).not.toHaveBeenCalled()
  })

  it('uses Electron’s login items on macOS, and says when macOS waits for approval', async () => {
    fakeApp.isPackaged = true
    const item = createLoginItem({ platform: 'darwin' })
    expect(await item.read()).toEqual({ available: true, enabled: false })
    expect(await item.write(true)).toEqual({ available: true, enabled: true })
    expect(fakeApp.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true })
    fakeApp.loginItem = { ...fakeApp.loginItem, status: 'requires-approval' }
    expect((await item.read()).hint).toContain('System Settings › General › Login Items')
    expect(await item.write(false)).toEqual({ available: true, enabled: false })
    expect(fakeApp.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false })
  })

  it('says on Windows when Task Manager has it turned off', async () => {
    fakeApp.isPackaged = true
    const item = createLoginItem({ platform: 'win32' })
    await item.write(true)
    expect(await item.read()).toEqual({ available: true, enabled: true })
    fakeApp.loginItem = { ...fakeApp.loginItem, executableWillLaunchAtLogin: false }
    expect((await item.read()).hint).toBe('Windows has Robodeck turned off in Task Manager › Startup apps.')
  })

  it('writes and removes an XDG autostart entry on Linux, naming the AppImage file', async () => {
    fakeApp.isPackaged = true
    const autostartFile = join(await tempDir(), 'autostart', 'robodeck.desktop')
    const item = createLoginItem({
      platform: 'linux',
      autostartFile,
      env: { APPIMAGE: '/home/ann/Apps/Robodeck.AppImage' },
    })
    expect(await item.read()).toEqual({ available: true, enabled: false })
    expect(await item.write(true)).toEqual({ available: true, enabled: true })
    const entry = await readFile(autostartFile, 'utf8')
    expect(entry).toContain('Exec=/home/ann/Apps/Robodeck.AppImage\n')
    expect(entry).toContain('Name=Robodeck\n')
    expect(fakeApp.setLoginItemSettings).not.toHaveBeenCalled()
    expect(await item.write(false)).toEqual({ available: true, enabled: false })
    // Without an AppImage (the deb), the entry runs the installed executable.
    await createLoginItem({ platform: 'linux', autostartFile, env: {} }).write(true)
    expect(await readFile(autostartFile, 'utf8')).toContain(`Exec=${process.execPath}\n`)
  })

  it('is not offered where there is neither', async () => {
    fakeApp.isPackaged = true
    expect(await createLoginItem({ platform: 'freebsd' }).read()).toEqual({
      available: false,
      enabled: false,
      reason: UNSUPPORTED_REASON,
    })
  })
})
