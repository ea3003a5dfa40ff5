/**
 * The desktop's file dialog for app.choosePath (electron mocked): a folder dialog or a zip dialog,
 * over the window when there is one, answering the path picked or null when cancelled.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { asBaseWindow, electronMock, FakeBrowserWindow } from '../../../support/electron-mock'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronModule)

const { choosePath, pathDialogOptions } = await import('../../../../src/main/desktop/path-picker')

afterEach(() => {
  vi.clearAllMocks()
})

describe('choosing a robot folder or zip', () => {
  it('asks for a folder, or for a file with zips offered first', () => {
    expect(pathDialogOptions('folder')).toMatchObject({
      title: 'Choose a robot folder',
      properties: ['openDirectory', 'dontAddToRecent'],
    })
    const zip = pathDialogOptions('zip')
    expect(zip.properties).toEqual(['openFile', 'dontAddToRecent'])
    expect(zip.filters?.[0]).toEqual({ name: 'Robot package (zip)', extensions: ['zip'] })
  })

  it('answers the path picked, over the window when there is one', async () => {
    electronMock.dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: ['/home/me/robots/greeter'],
    })
    const window = asBaseWindow(new FakeBrowserWindow())
    expect(await choosePath('folder', window)).toBe('/home/me/robots/greeter')
    expect(electronMock.dialog.showOpenDialog).toHaveBeenCalledWith(window, pathDialogOptions('folder'))

    electronMock.dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: ['/home/me/greeter.zip'],
    })
    expect(await choosePath('zip')).toBe('/home/me/greeter.zip')
    expect(electronMock.dialog.showOpenDialog).toHaveBeenLastCalledWith(pathDialogOptions('zip'))
  })

  it('answers null when the person cancels', async () => {
    expect(await choosePath('zip')).toBeNull()
    electronMock.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [] })
    expect(await choosePath('folder')).toBeNull()
  })
})
