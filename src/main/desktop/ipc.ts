/**
 * Wires the bridge to Electron IPC: one handler per command, each checking that the message came
 * from the app window's main frame on the app's origin (app://robodeck; isAppUrl, from window.ts)
 * before the core's dispatcher validates it; events go to the app window only.
 */
import { type BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron'
import { bridgeError } from '../../shared/bridge'
import { commandNames, ipcChannel } from '../../shared/bridge-names'
import type { Dispatch } from '../core/dispatch'
import type { EventBus } from '../core/events'

/** Registers every command's handler; returns a function that removes them. */
export function wireIpc(options: {
  dispatch: Dispatch
  events: EventBus
  window: () => BrowserWindow | undefined
  isAppUrl: (url: string) => boolean
}): () => void {
  const trusted = (event: IpcMainInvokeEvent) => {
    const frame = event.senderFrame
    const window = options.window()
    return (
      !!frame &&
      !!window &&
      event.sender === window.webContents &&
      frame === window.webContents.mainFrame &&
      options.isAppUrl(frame.url)
    )
  }

  for (const name of commandNames) {
    ipcMain.handle(ipcChannel(name), async (event, request: unknown) => {
      if (!trusted(event)) {
        return {
          ok: false,
          error: bridgeError('untrusted_sender', 'This page may not use Robodeck commands.'),
        }
      }
      return options.dispatch(name, request)
    })
  }

  const unsubscribe = options.events.subscribe((event) => {
    const contents = options.window()?.webContents
    if (contents && !contents.isDestroyed()) contents.send(ipcChannel(event.name), event.payload)
  })

  return () => {
    unsubscribe()
    for (const name of commandNames) ipcMain.removeHandler(ipcChannel(name))
  }
}
