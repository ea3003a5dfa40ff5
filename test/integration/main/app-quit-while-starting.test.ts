/**
 * Quit (from the tray) while the local room is still starting: the room that was starting is shut
 * down and waited for, no "could not start" dialog appears, and no window opens.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { electronMock, FakeBrowserWindow, fakeApp } from '../../support/electron-mock'
import {
  forkedScripts,
  forkFakeUtilityProcess,
  killAllFakeUtilityProcesses,
} from '../../support/fake-utility-process'
import { waitFor } from '../../support/localroom'

vi.mock('electron', async () => (await import('../../support/electron-mock')).electronModule)

const userData = await mkdtemp(join(tmpdir(), 'robodeck-app-quit-early-'))
process.env.ROBODECK_USER_DATA = userData
electronMock.utilityProcess.fork.mockImplementation(forkFakeUtilityProcess)

afterAll(async () => {
  await killAllFakeUtilityProcesses()
  await rm(userData, { recursive: true, force: true })
})

describe('desktop app: quit while starting', { timeout: 60_000 }, () => {
  it('shuts the starting room down, shows no failure and opens no window', async () => {
    await import('../../../src/main/index')
    const room = await waitFor(() => forkedScripts('localroom.js')[0])
    // The room has been forked; it has not said where it listens yet.
    expect(room.printed).toBe('')
    fakeApp.quit()
    const ended = await fakeApp.ended
    expect(ended.how).toBe('quit')
    expect(electronMock.dialog.showErrorBox).not.toHaveBeenCalled()
    expect(FakeBrowserWindow.created).toEqual([])
    // It was asked to shut down, and did (exit 0), rather than being killed after the timeout.
    expect(room.alive).toBe(false)
    expect(room.exitCode).toBe(0)
  })
})
