/**
 * The desktop app's file dialog for robots, through its real composition root (src/main/index.ts)
 * with only the Electron API mocked, against its real local room: app.choosePath opens the system's
 * dialog over the window, and the folder chosen there is imported into the room with room.importRobot.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { closeDesktopApp, launchDesktopApp } from '../../support/desktop-app'
import { electronMock } from '../../support/electron-mock'
import { GREETER_FILES, writeFiles } from '../../support/localroom-packages'

vi.mock('electron', async () => (await import('../../support/electron-mock')).electronModule)

const userData = await mkdtemp(join(tmpdir(), 'robodeck-app-choose-'))
const app = await launchDesktopApp(userData)

afterAll(async () => {
  await closeDesktopApp(userData)
})

describe('desktop app: choosing a robot to import', { timeout: 60_000 }, () => {
  it('opens the dialog over the window; a cancel answers null', async () => {
    expect(await app.invoke('app.choosePath', { kind: 'zip' })).toEqual({ ok: true, value: { path: null } })
    const [parent, options] = electronMock.dialog.showOpenDialog.mock.calls.at(-1) ?? []
    expect(parent).toBe(app.window())
    expect(options).toMatchObject({
      title: 'Choose a robot zip',
      properties: ['openFile', 'dontAddToRecent'],
    })
  })

  it('imports the folder chosen', async () => {
    const folder = join(userData, 'greeter')
    await writeFiles(folder, GREETER_FILES)
    electronMock.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [folder] })
    const chosen = await app.invoke('app.choosePath', { kind: 'folder' })
    expect(chosen).toEqual({ ok: true, value: { path: folder } })
    const imported = await app.invoke('room.importRobot', { connectionId: 'local', path: chosen.value.path })
    expect(imported.ok, JSON.stringify(imported.error)).toBe(true)
    expect(imported.value).toMatchObject({ name: 'greeter', source: 'folder' })
  })
})
