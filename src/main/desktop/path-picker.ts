/**
 * The system's file dialog, over the window: where Robodeck keeps its data (settings.pickDataFolder),
 * or a robot folder or zip to import into the local room (app.choosePath). Only a path comes back
 * (whoever asked reads the files itself), and only what the person picked: the window cannot name a
 * path through here.
 */
import { type BaseWindow, dialog, type OpenDialogOptions } from 'electron'
import type { PickPurpose } from '../core/desktop-integration'

/** The dialog's options for each purpose. */
export function pickerOptions(purpose: PickPurpose, startIn?: string): OpenDialogOptions {
  const opened = startIn === undefined ? {} : { defaultPath: startIn }
  switch (purpose) {
    case 'data-folder':
      return {
        ...opened,
        title: 'Choose where Robodeck keeps its data',
        buttonLabel: 'Choose',
        properties: ['openDirectory', 'createDirectory', 'promptToCreate', 'dontAddToRecent'],
      }
    case 'robot-folder':
      return {
        ...opened,
        title: 'Choose a robot folder',
        buttonLabel: 'Choose folder',
        properties: ['openDirectory', 'dontAddToRecent'],
      }
    case 'robot-zip':
      return {
        ...opened,
        title: 'Choose a robot zip',
        buttonLabel: 'Choose zip',
        properties: ['openFile', 'dontAddToRecent'],
        filters: [
          { name: 'Robot package (zip)', extensions: ['zip'] },
          { name: 'All files', extensions: ['*'] },
        ],
      }
  }
}

/** Asks the person for a path, over the window when there is one; undefined when they cancelled. */
export async function pickPath(
  window: BaseWindow | undefined,
  purpose: PickPurpose,
  startIn?: string,
): Promise<string | undefined> {
  const options = pickerOptions(purpose, startIn)
  const { canceled, filePaths } = window
    ? await dialog.showOpenDialog(window, options)
    : await dialog.showOpenDialog(options)
  return canceled ? undefined : filePaths[0]
}
