/**
 * Runs the desktop app's main process (src/main/index.ts) under plain Node, with `electron` mocked
 * (electron-mock.ts) and its utility processes emulated by real Node processes
 * (fake-utility-process.ts): the real core, the real local room (out/main/localroom.js) and real
 * robots. The test file must mock `electron` itself, before this runs:
 *   vi.mock('electron', async () => (await import('../../support/electron-mock')).electronModule)
 * A test file is one app start (the module registry is per file), as a process is.
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { CommandName } from '../../src/shared/bridge'
import { ipcChannel } from '../../src/shared/bridge-names'
import { parseBootstrapLine } from '../../src/shared/local-room-bootstrap'
import { electronMock, FakeBrowserWindow, fakeApp, invokeEvent, ipcHandlers } from './electron-mock'
import {
  type FakeUtilityProcess,
  forkedScripts,
  forkFakeUtilityProcess,
  killAllFakeUtilityProcesses,
} from './fake-utility-process'
import { waitFor } from './localroom'

/** A command's answer; its value is asserted field by field by the tests. */
// biome-ignore lint/suspicious/noExplicitAny: the value's shape depends on the command
type Envelope = { ok: boolean; value?: any; error?: { code: string; message: string } }

export interface LaunchedApp {
  userData: string
  /** The app window (created once the app has started). */
  window(): FakeBrowserWindow
  /** Calls a bridge command the way the window's page does, through the IPC handler. */
  invoke(name: CommandName, request?: unknown): Promise<Envelope>
  /** The room processes forked so far (the first, then each restart). */
  rooms(): FakeUtilityProcess[]
  /** The bootstrap line of a room the app forked. */
  bootstrapOf(room: FakeUtilityProcess): ReturnType<typeof parseBootstrapLine>
}

/** Starts the app with its data in userData; resolves once its window exists (or the app exited). */
export async function launchDesktopApp(userData: string): Promise<LaunchedApp> {
  process.env.ROBODECK_USER_DATA = userData
  electronMock.utilityProcess.fork.mockImplementation(forkFakeUtilityProcess)
  await import('../../src/main/index')
  await waitFor(() => FakeBrowserWindow.created.length > 0 || fakeApp.exit.mock.calls.length > 0, {
    timeoutMs: 30_000,
  })
  const window = () => {
    const created = FakeBrowserWindow.created.at(-1)
    if (!created) throw new Error('the app has no window')
    return created
  }
  return {
    userData,
    window,
    async invoke(name, request = {}) {
      const handler = ipcHandlers.get(ipcChannel(name))
      if (!handler) throw new Error(`no IPC handler for ${name}`)
      const contents = window().webContents
      return (await handler(
        invokeEvent({ sender: contents, senderFrame: contents.mainFrame }),
        request,
      )) as Envelope
    },
    rooms: () => forkedScripts('localroom.js'),
    bootstrapOf: (room) => parseBootstrapLine(room.printed.split('\n')[0] ?? ''),
  }
}

/** Where the app's local room keeps its database. */
export const roomDatabase = (userData: string) => join(userData, 'localroom', 'localroom.sqlite')

/**
 * A test file's end: the app quit as a person quits it (unless the test did), every process it
 * forked gone, and its data folder removed.
 */
export async function closeDesktopApp(userData: string, { quit = true }: { quit?: boolean } = {}) {
  if (quit) {
    fakeApp.quit()
    await fakeApp.ended
  }
  await killAllFakeUtilityProcesses()
  await rm(userData, { recursive: true, force: true })
}
