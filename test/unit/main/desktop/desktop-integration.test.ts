/**
 * The desktop's side of the core's port with `electron` mocked: the folder picker over the window
 * (a folder, or nothing when cancelled), the file manager's refusal turned into an error, and a
 * relaunch that quits the usual way (so the room shuts down first) rather than exiting.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { asBaseWindow, electronMock, FakeBrowserWindow, fakeApp } from '../../../support/electron-mock'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronModule)

const { createDesktopIntegration } = await import('../../../../src/main/desktop/desktop-integration')

afterEach(() => {
  vi.clearAllMocks()
})

describe('the desktop integration', () => {
  it('picks the data folder over the window, starting where the data is; nothing when cancelled', async () => {
    const window = new FakeBrowserWindow()
    const desktop = createDesktopIntegration({ window: () => asBaseWindow(window) })
    electronMock.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/mnt/data'] })
    expect(await desktop.pickPath('data-folder', '/home/ann/.config/Robodeck')).toBe('/mnt/data')
    const [parent, options] = electronMock.dialog.showOpenDialog.mock.calls[0] ?? []
    expect(parent).toBe(window)
    expect(options).toMatchObject({
      defaultPath: '/home/ann/.config/Robodeck',
      properties: expect.arrayContaining(['openDirectory', 'createDirectory']),
    })
    expect(
      await createDesktopIntegration({ window: () => undefined }).pickPath('data-folder', '/x'),
    ).toBeUndefined()
  })

  it('opens the folder in the file manager, and throws the system’s words when it cannot', async () => {
    const desktop = createDesktopIntegration({ window: () => undefined })
    await desktop.showFolder('/home/ann/data')
    expect(electronMock.shell.openPath).toHaveBeenCalledWith('/home/ann/data')
    electronMock.shell.openPath.mockResolvedValueOnce('Failed to open path')
    await expect(desktop.showFolder('/gone')).rejects.toThrow('Failed to open path')
  })

  it('relaunches by quitting the usual way, not by exiting', () => {
    const beforeQuit = vi.fn()
    fakeApp.once('before-quit', beforeQuit)
    createDesktopIntegration({ window: () => undefined }).relaunch()
    expect(fakeApp.relaunch).toHaveBeenCalledOnce()
    expect(beforeQuit).toHaveBeenCalledOnce()
    expect(fakeApp.exit).not.toHaveBeenCalled()
  })
})
