/**
 * The desktop app when its processes fail, with only the Electron API mocked: the real composition
 * root, the real local room and real robots (utility processes emulated by Node processes that, like
 * Electron's, do not end by themselves when their work is done). A robot that finishes ends with
 * its whole output; a robot that crashes fails its step; a room that crashes is reported and
 * restarted, and the app goes on with the new one.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { closeDesktopApp, launchDesktopApp, roomDatabase } from '../../support/desktop-app'
import { electronMock, FakeNotification, fakeApp } from '../../support/electron-mock'
import { forkedScripts } from '../../support/fake-utility-process'
import { waitFor } from '../../support/localroom'

vi.mock('electron', async () => (await import('../../support/electron-mock')).electronModule)

const userData = await mkdtemp(join(tmpdir(), 'robodeck-app-crashes-'))
const app = await launchDesktopApp(userData)

afterAll(async () => {
  // The test quits the app itself.
  await closeDesktopApp(userData, { quit: false })
})

const processId = async (name: string) =>
  (await app.invoke('processes.list')).value.processes.find(
    (process: { name: string }) => process.name === name,
  ).id as string

const launch = async (name: string, payload: unknown) => {
  const launched = await app.invoke('processes.launch', {
    connectionId: 'local',
    processId: await processId(name),
    payload,
  })
  expect(launched.ok).toBe(true)
  return launched.value.runId as string
}

const runState = async (runId: string) =>
  (await app.invoke('runs.list', {})).value.runs.find((run: { id: string }) => run.id === runId)?.state

/** The step runs of a run and their console, read from the room's database. */
function stepsOf(runId: string) {
  const db = new DatabaseSync(roomDatabase(userData), { readOnly: true })
  try {
    const steps = db
      .prepare('SELECT id, state, error_code, exit_code FROM step_runs WHERE process_run_id = ?')
      .all(runId) as { id: string; state: string; error_code: string | null; exit_code: number | null }[]
    return steps.map((step) => ({
      ...step,
      console: (
        db
          .prepare('SELECT message FROM console_messages WHERE step_run_id = ? ORDER BY seq')
          .all(step.id) as { message: string }[]
      ).map((line) => line.message),
    }))
  } finally {
    db.close()
  }
}

describe('desktop app: robots and rooms that end', { timeout: 120_000 }, () => {
  it('a robot that finishes ends its process, with every line of its output kept', async () => {
    const runId = await launch('Echo payload', { hello: 'world' })
    await waitFor(async () => (await runState(runId)) === 'completed', { timeoutMs: 30_000 })
    const [step] = stepsOf(runId)
    expect(step?.state).toBe('completed')
    // Its last line was printed just before it exited.
    expect(step?.console).toEqual(expect.arrayContaining(['Item 1: {"hello":"world"}', 'Done']))
    const robot = forkedScripts('echo.mjs')[0]
    expect(robot?.exitCode).toBe(0)
  })

  it('a robot that crashes (a V8 fatal error) fails its step; the app carries on', async () => {
    const runId = await launch('Long job', { seconds: 600 })
    const robot = await waitFor(() => forkedScripts('long-job.mjs')[0])
    await waitFor(async () => (await runState(runId)) === 'in_progress')
    // Electron emits 'error' then 'exit'; an 'error' nobody listens to would throw in the main process.
    expect(() => robot.fatalError()).not.toThrow()
    await waitFor(async () => (await runState(runId)) === 'unresolved', { timeoutMs: 30_000 })
    const [step] = stepsOf(runId)
    expect(step).toMatchObject({ state: 'failed', error_code: 'robot_failed', exit_code: 9 })
    expect((await app.invoke('processes.list')).ok).toBe(true)
  })

  it('a room that crashes is reported, its robots end, and it is started again', async () => {
    const [first] = app.rooms()
    if (!first) throw new Error('no room was forked')
    const earlier = forkedScripts('long-job.mjs').length
    const runId = await launch('Long job', { seconds: 600 })
    const robot = await waitFor(() => forkedScripts('long-job.mjs')[earlier])
    await waitFor(async () => (await runState(runId)) === 'in_progress')
    const notified = FakeNotification.created.length

    first.child.kill('SIGKILL')
    await first.exited
    // The room's robots go with it.
    await waitFor(() => !robot.alive)
    const second = await waitFor(() => app.rooms().find((room) => room !== first && room.pid !== undefined), {
      timeoutMs: 30_000,
    })
    expect(second).not.toBe(first)
    const report = FakeNotification.created
      .slice(notified)
      .find((n) => n.title === 'The local Control Room stopped')
    expect(report?.options.body).toContain('starting it again')

    // The app now talks to the new room (a new port, a new key); the run the crash cut short is settled.
    await waitFor(async () => (await app.invoke('processes.list')).value?.failures.length === 0, {
      timeoutMs: 30_000,
    })
    const { url } = app.bootstrapOf(second)
    expect(url).not.toBe(app.bootstrapOf(first).url)
    await waitFor(async () => (await runState(runId)) === 'unresolved', { timeoutMs: 30_000 })
    expect(fakeApp.exit).not.toHaveBeenCalled()
    expect(electronMock.dialog.showErrorBox).not.toHaveBeenCalled()
  })

  it('quits with the restarted room shut down', async () => {
    const second = app.rooms()[1]
    fakeApp.quit()
    await fakeApp.ended
    expect(second?.exitCode).toBe(0)
  })
})
