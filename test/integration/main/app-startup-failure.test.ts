/**
 * A start that fails is shown in a dialog with its cause and what to do, and written to the log;
 * never a silent exit. The real composition root and the real local room, with only the Electron
 * API mocked: here the room cannot start, because its data folder is a file.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { launchDesktopApp } from '../../support/desktop-app'
import { electronMock, FakeBrowserWindow, fakeApp } from '../../support/electron-mock'
import { killAllFakeUtilityProcesses } from '../../support/fake-utility-process'

vi.mock('electron', async () => (await import('../../support/electron-mock')).electronModule)

const userData = await mkdtemp(join(tmpdir(), 'robodeck-app-start-fails-'))
// The local room's folder is taken by a file: the room exits at once with its reason.
await writeFile(join(userData, 'localroom'), 'not a folder')
await launchDesktopApp(userData)

afterAll(async () => {
  await killAllFakeUtilityProcesses()
  await rm(userData, { recursive: true, force: true })
})

describe('desktop app: a start that fails', { timeout: 60_000 }, () => {
  it('shows the cause and what to do in a dialog, then exits 1', async () => {
    const ended = await fakeApp.ended
    expect(ended).toEqual({ how: 'exit', code: 1 })
    expect(electronMock.dialog.showErrorBox).toHaveBeenCalledTimes(1)
    const [title, text] = electronMock.dialog.showErrorBox.mock.calls[0] as [string, string]
    expect(title).toBe('Robodeck could not start')
    // The cause is the room's own: its folder is a file.
    expect(text).toMatch(
      /^The local Control Room did not start: .*localroom is not a folder \(exit code 2\)\./,
    )
    // What to do: where the room's data is, and where the details are.
    expect(text).toContain(join(userData, 'localroom'))
    expect(text).toContain(join(userData, 'logs', 'main.log'))
    // The dialog came before the exit, and no window was opened.
    expect(electronMock.dialog.showErrorBox.mock.invocationCallOrder[0]).toBeLessThan(
      fakeApp.exit.mock.invocationCallOrder[0] ?? 0,
    )
    expect(FakeBrowserWindow.created).toEqual([])
  })

  it('writes the failure to the log file it names', async () => {
    const log = await readFile(join(userData, 'logs', 'main.log'), 'utf8')
    expect(log).toContain('Robodeck could not start: RoomStartError: The local Control Room did not start')
  })
})
