/**
 * The desktop app, from start to quit, with only the Electron API mocked: the real composition root
 * (src/main/index.ts), the real local room process and a real robot. Utility processes are Node
 * processes whose kill() is immediate, as TerminateProcess is on Windows: so a clean quit cannot
 * rest on a signal the room handles, and must go through the room's shutdown message.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { PERMISSIONS } from '../../../src/shared/permissions'
import { signedRequest } from '../../support/credential-client'
import { closeDesktopApp, launchDesktopApp, roomDatabase } from '../../support/desktop-app'
import { electronMock, fakeApp } from '../../support/electron-mock'
import { forkedScripts } from '../../support/fake-utility-process'
import { callApi, waitFor } from '../../support/localroom'

vi.mock('electron', async () => (await import('../../support/electron-mock')).electronModule)

// The OS keychain is denied (a locked keyring, "Deny" on macOS's prompt, no secret service).
electronMock.safeStorage.isAsyncEncryptionAvailable.mockResolvedValue(false)

const userData = await mkdtemp(join(tmpdir(), 'robodeck-app-quit-'))
const app = await launchDesktopApp(userData)

afterAll(async () => {
  // The test quits the app itself.
  await closeDesktopApp(userData, { quit: false })
})

const isGone = (pid: number | undefined) => {
  if (pid === undefined) return true
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

// One app start, used in order: start, work, quit.
describe('desktop app: start and quit', { timeout: 90_000 }, () => {
  it('starts with the OS keychain denied: the local room’s key is held in memory', async () => {
    expect(fakeApp.exit).not.toHaveBeenCalled()
    expect(electronMock.dialog.showErrorBox).not.toHaveBeenCalled()
    const processes = await app.invoke('processes.list')
    expect(processes.ok).toBe(true)
    expect(processes.value.failures).toEqual([])
    expect(processes.value.processes.map((process: { name: string }) => process.name)).toContain('Long job')
  })

  it('opens its window only once IPC is wired, from the app:// origin', () => {
    const window = app.window()
    expect(window.loadURL).toHaveBeenCalledWith('app://robodeck/index.html')
    expect(electronMock.ipcMain.handle.mock.invocationCallOrder[0]).toBeLessThan(
      window.loadURL.mock.invocationCallOrder[0] ?? 0,
    )
  })

  it('on quit, asks the room to shut down and waits: robots end, runs are settled, key uses flushed', async () => {
    const [room] = app.rooms()
    if (!room) throw new Error('no room was forked')
    const bootstrap = app.bootstrapOf(room)
    const launched = await app.invoke('processes.launch', {
      connectionId: 'local',
      processId: (await app.invoke('processes.list')).value.processes.find(
        (process: { name: string }) => process.name === 'Long job',
      ).id,
      payload: { seconds: 600 },
    })
    expect(launched.ok).toBe(true)
    const runId = launched.value.runId as string
    // The room asked main to fork the robot (a `node` robot runs as a utility process of main).
    const robot = await waitFor(() => forkedScripts('long-job.mjs').find((fake) => fake.pid !== undefined))
    await waitFor(async () => {
      const runs = await app.invoke('runs.list', {})
      return runs.value.runs.find((run: { id: string }) => run.id === runId)?.state === 'in_progress'
    })

    // A key of its own, used just before the quit: its uses are counted in memory and written later.
    const origin = new URL(bootstrap.url).origin
    const created = await signedRequest(
      origin,
      bootstrap.user_credential as string,
      'POST',
      `/management-v1/workspaces/${bootstrap.workspace_id}/api-keys`,
      { name: 'counted', permissions: [...PERMISSIONS] },
    )
    expect(created.status).toBe(200)
    for (let i = 0; i < 5; i++) {
      const answer = await callApi(bootstrap.url, 'GET', `/workspaces/${bootstrap.workspace_id}/processes`, {
        key: created.body.value,
      })
      expect(answer.status).toBe(200)
    }

    const roomPid = room.pid
    const robotPid = robot.pid
    fakeApp.quit()
    // The first quit is held back while the room shuts down.
    expect(fakeApp.quit).toHaveBeenCalledTimes(1)
    expect(room.alive).toBe(true)
    const ended = await fakeApp.ended
    expect(ended.how).toBe('quit')
    expect(fakeApp.quit.mock.calls.length).toBeGreaterThanOrEqual(2)

    // The room ended by itself (exit 0), not killed; the robot and the room are gone from the OS.
    expect(room.exitCode).toBe(0)
    expect(robot.alive).toBe(false)
    expect(isGone(roomPid)).toBe(true)
    expect(isGone(robotPid)).toBe(true)

    // The window's place was saved as it closed, through the settings.
    const settings = JSON.parse(await readFile(join(userData, 'settings.json'), 'utf8'))
    expect(settings.window).toEqual({ x: 100, y: 100, width: 1180, height: 760, maximized: false })

    const db = new DatabaseSync(roomDatabase(userData), { readOnly: true })
    try {
      const run = db.prepare('SELECT state FROM process_runs WHERE id = ?').get(runId) as { state: string }
      expect(run.state).toBe('unresolved')
      expect(db.prepare("SELECT count(*) AS n FROM process_runs WHERE state = 'in_progress'").get()).toEqual({
        n: 0,
      })
      const key = db.prepare("SELECT request_count FROM api_keys WHERE name = 'counted'").get() as {
        request_count: number
      }
      expect(key.request_count).toBe(5)
    } finally {
      db.close()
    }
  })
})
