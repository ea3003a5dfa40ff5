/**
 * The system's file dialog (electron mocked): for the data folder, a robot folder or a robot zip,
 * over the window when there is one, answering the path picked or undefined when cancelled.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { asBaseWindow, electronMock, FakeBrowserWindow } from '../../../support/electron-mock'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronModule)

const { pickPath, pickerOptions } = await import('../../../../src/main/desktop/path-picker')

afterEach(() => {
  vi.clearAllMocks()
})

describe('the system’s file dialog', () => {
  it('asks for a robot folder, a robot file with zips offered first, or a data folder it may create', () => {
    expect(pickerOptions('robot-folder')).toMatchObject({
      title: 'Choose a robot folder',
      properties: ['openDirectory', 'dontAddToRecent'],
    })
    const zip = pickerOptions('robot-zip')
    expect(zip.properties).toEqual(['openFile', 'dontAddToRecent'])
    expect(zip.filters?.[0]).toEqual({ name: 'Robot package (zip)', extensions: ['zip'] })
    expect(pickerOptions('data-folder', '/home/ann/.config/Robodeck')).toMatchObject({
      defaultPath: '/home/ann/.config/Robodeck',
      properties: expect.arrayContaining(['openDirectory', 'createDirectory']),
    })
    expect(pickerOptions('robot-folder')).not.toHaveProperty('defaultPath')
  })

  it('answers the path picked, over the window when there is one', async () => {
    electronMock.dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: ['/home/me/robots/greeter'],
    })
    const window = asBaseWindow(new FakeBrowserWindow())
    expect(await pickPath(window, 'robot-folder')).toBe('/home/me/robots/greeter')
    expect(electronMock.dialog.showOpenDialog).toHaveBeenCalledWith(window, pickerOptions('robot-folder'))

    electronMock.dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: ['/home/me/greeter.zip'],
    })
    expect(await pickPath(undefined, 'robot-zip')).toBe('/home/me/greeter.zip')
    expect(electronMock.dialog.showOpenDialog).toHaveBeenLastCalledWith(pickerOptions('robot-zip'))
  })

  it('answers undefined when the person cancels or picks nothing', async () => {
    expect(await pickPath(undefined, 'robot-zip')).toBeUndefined()
    electronMock.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [] })
    expect(await pickPath(undefined, 'robot-folder')).toBeUndefined()
  })
})
