/**
 * Start at login, the data folder and relaunching, through the real core's dispatcher (requests
 * and answers checked against the contract): web mode answers with the reasons; the desktop's
 * port (a fake standing for the system) is asked, its refusals come back in words, and a picked
 * folder is checked before it can be chosen.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DATA_FOLDER_POINTER, openDataFolder } from '../../../../src/main/core/data-folder/data-folder'
import type { DesktopIntegration } from '../../../../src/main/core/desktop-integration'
import { START_AT_LOGIN_DESKTOP_ONLY } from '../../../../src/main/core/system-commands'
import type { StartAtLogin } from '../../../../src/shared/system-settings'
import { tempDir } from '../../../support/temp-dir'
import { createTestCore } from '../../../support/test-core'

/** The system as the port sees it: a login item that takes (or ignores) changes, a picker's answer. */
function fakeSystem(options: { ignoresChanges?: boolean; picks?: string; picksRobot?: string } = {}) {
  const seen = { shown: [] as string[], pickedFrom: [] as string[], pickedFor: [] as string[], relaunched: 0 }
  let login: StartAtLogin = { available: true, enabled: false }
  const desktop: DesktopIntegration = {
    loginItem: {
      read: async () => login,
      async write(enabled) {
        if (!options.ignoresChanges) login = { ...login, enabled }
        return login
      },
    },
    async pickPath(purpose, startIn) {
      seen.pickedFor.push(purpose)
      if (startIn !== undefined) seen.pickedFrom.push(startIn)
      return purpose === 'data-folder' ? options.picks : options.picksRobot
    },
    async showFolder(path) {
      if (path.includes('gone')) throw new Error('No application knows how to open it')
      seen.shown.push(path)
    },
    relaunch: () => {
      seen.relaunched += 1
    },
  }
  return { desktop, seen }
}

async function desktopCore(system: ReturnType<typeof fakeSystem>) {
  const userData = await tempDir()
  const dataFolder = await openDataFolder({
    defaultDir: userData,
    pointerFile: join(userData, DATA_FOLDER_POINTER),
    log: () => {},
  })
  const core = await createTestCore({
    dataDir: dataFolder.path,
    dataFolder,
    desktop: system.desktop,
    mode: 'desktop',
  })
  return { core, userData }
}

describe('system settings in web mode', () => {
  it('says start at login and the folder picker are the desktop app’s, and shows the fixed folder', async () => {
    const core = await createTestCore()
    expect(await core.dispatch('settings.startAtLogin', {})).toEqual({
      ok: true,
      value: { available: false, enabled: false, reason: START_AT_LOGIN_DESKTOP_ONLY },
    })
    const refused = await core.dispatch('settings.setStartAtLogin', { enabled: true })
    expect(refused).toMatchObject({ ok: false, error: { code: 'desktop_only' } })
    const folder = await core.dispatch('settings.dataFolder', {})
    expect(folder).toMatchObject({ ok: true, value: { changeable: false, canShow: false } })
    expect(await core.dispatch('settings.pickDataFolder', {})).toMatchObject({
      ok: false,
      error: { code: 'desktop_only', message: 'Choosing another data folder is only in the desktop app.' },
    })
    expect(await core.dispatch('settings.showDataFolder', {})).toMatchObject({
      error: { code: 'desktop_only' },
    })
    expect(await core.dispatch('app.relaunch', {})).toMatchObject({ error: { code: 'desktop_only' } })
    expect(await core.dispatch('app.choosePath', { kind: 'folder' })).toEqual({
      ok: false,
      error: {
        code: 'desktop_only',
        message: 'Choosing a folder or file is only in the desktop app: type its absolute path instead.',
      },
    })
    await core.close()
  })
})

describe('system settings in the desktop app', () => {
  it('turns start at login on and off through the port, and says when the system did not take it', async () => {
    const { core } = await desktopCore(fakeSystem())
    expect(await core.dispatch('settings.setStartAtLogin', { enabled: true })).toEqual({
      ok: true,
      value: { available: true, enabled: true },
    })
    expect(await core.dispatch('settings.startAtLogin', {})).toMatchObject({ value: { enabled: true } })
    await core.close()

    const stubborn = await desktopCore(fakeSystem({ ignoresChanges: true }))
    expect(await stubborn.core.dispatch('settings.setStartAtLogin', { enabled: true })).toEqual({
      ok: false,
      error: {
        code: 'system_failed',
        message: 'The system did not take the change: Robodeck does not start at login.',
      },
    })
    await stubborn.core.close()
  })

  it('chooses a robot folder or zip with the system’s dialog: the path picked, or null when cancelled', async () => {
    const system = fakeSystem({ picksRobot: '/home/me/greeter.zip' })
    const { core } = await desktopCore(system)
    expect(await core.dispatch('app.choosePath', { kind: 'zip' })).toEqual({
      ok: true,
      value: { path: '/home/me/greeter.zip' },
    })
    expect(system.seen.pickedFor).toEqual(['robot-zip'])
    expect((await core.dispatch('app.choosePath', { kind: 'exe' })).ok).toBe(false)
    await core.close()

    const cancelled = fakeSystem()
    const other = await desktopCore(cancelled)
    expect(await other.core.dispatch('app.choosePath', { kind: 'folder' })).toEqual({
      ok: true,
      value: { path: null },
    })
    expect(cancelled.seen.pickedFor).toEqual(['robot-folder'])
    await other.core.close()
  })

  it('picks a folder with the system’s picker, checks it, and keeps it for the next start', async () => {
    const target = join(await tempDir(), 'Robodeck data')
    const system = fakeSystem({ picks: target })
    const { core, userData } = await desktopCore(system)
    expect(await core.dispatch('settings.pickDataFolder', {})).toEqual({
      ok: true,
      value: { picked: { path: target, holdsData: false } },
    })
    expect(system.seen.pickedFrom).toEqual([userData])
    const chosen = await core.dispatch('settings.setDataFolder', { next: { path: target, move: true } })
    expect(chosen).toMatchObject({
      ok: true,
      value: { path: userData, canShow: true, changeable: true, next: { path: target, move: true } },
    })
    expect(await core.dispatch('settings.showDataFolder', {})).toEqual({ ok: true, value: {} })
    expect(system.seen.shown).toEqual([userData])
    expect(await core.dispatch('app.relaunch', {})).toEqual({ ok: true, value: {} })
    expect(system.seen.relaunched).toBe(1)
    await core.close()
  })

  it('refuses a picked folder that cannot be used, and a cancelled pick is no choice', async () => {
    const root = await tempDir()
    await writeFile(join(root, 'a-file'), '')
    const { core } = await desktopCore(fakeSystem({ picks: join(root, 'a-file') }))
    expect(await core.dispatch('settings.pickDataFolder', {})).toEqual({
      ok: false,
      error: {
        code: 'invalid_setting',
        message: `${join(root, 'a-file')} cannot be used: it is not a folder.`,
      },
    })
    expect(
      await core.dispatch('settings.setDataFolder', { next: { path: 'relative/path', move: false } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_setting' },
    })
    await core.close()
    const cancelled = await desktopCore(fakeSystem())
    expect(await cancelled.core.dispatch('settings.pickDataFolder', {})).toEqual({
      ok: true,
      value: { picked: null },
    })
    await cancelled.core.close()
  })
})
