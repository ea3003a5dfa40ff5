/**
 * The system's file dialog for app.choosePath: a robot folder or a robot zip to import into the
 * local room, chosen over the window. Only a path comes back (the room reads the files itself), and
 * only what the person picked: the window cannot name a path through here.
 */
import { type BaseWindow, dialog, type OpenDialogOptions } from 'electron'
import type { PathKind } from '../../shared/room-robots'

/** The dialog's options for a kind of path. */
export function pathDialogOptions(kind: PathKind): OpenDialogOptions {
  if (kind === 'folder')
    return {
      title: 'Choose a robot folder',
      buttonLabel: 'Choose folder',
      properties: ['openDirectory', 'dontAddToRecent'],
    }
  return {
    title: 'Choose a robot zip',
    buttonLabel: 'Choose zip',
    properties: ['openFile', 'dontAddToRecent'],
    filters: [
      { name: 'Robot package (zip)', extensions: ['zip'] },
      { name: 'All files', extensions: ['*'] },
    ],
  }
}

/** Asks the person for a path, over the window when there is one; null when they cancelled. */
export async function choosePath(kind: PathKind, window?: BaseWindow): Promise<string | null> {
  const options = pathDialogOptions(kind)
  const { canceled, filePaths } = window
    ? await dialog.showOpenDialog(window, options)
    : await dialog.showOpenDialog(options)
  return canceled ? null : (filePaths[0] ?? null)
}
