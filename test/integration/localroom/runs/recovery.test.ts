/**
 * Recovery after a kill -9 of the spawned local room mid-run (one worker): the run whose robot was
 * running ends unresolved with an orchestrator error, the run queued behind it starts on the next
 * start and completes, the orphaned robot is killed, and nothing written before the kill is lost.
 */
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { waitFor } from '../../../support/localroom'
import { insertTestProcess, processGone, writeTestRobot } from '../../../support/localroom-test-robot'
import { roomFixture } from '../../../support/room-fixture'

const fixture = roomFixture({
  mode: 'spawned',
  workers: 1,
  prepare: async (dir) => ({ robotsDir: await writeTestRobot(dir) }),
})
const { wsApi } = fixture
let robotPid = 0

afterAll(() => {
  // Should the room have failed to end it, the orphaned robot must not outlive the test.
  if (robotPid > 0 && !processGone(robotPid)) process.kill(-robotPid, 'SIGKILL')
})

const startRun = async (processId: string, payloads: unknown[]): Promise<string> => {
  const response = await wsApi('POST', `/processes/${processId}/process-runs`, {
    body: {
      type: 'with_payloads',
      payloads,
    },
  })
  expect(response.status).toBe(200)
  return response.body.id
}
const runOf = async (id: string) => (await wsApi('GET', `/process-runs/${id}`)).body
const stepRunsOf = async (id: string) => (await wsApi('GET', `/step-runs?process_run_id=${id}`)).body.data
const itemsOf = async (id: string) =>
  (await wsApi('GET', `/work-items?process_run_id=${id}&limit=100`)).body.data
const consoleOf = async (stepRunId: string) =>
  (await wsApi('GET', `/step-runs/${stepRunId}/console-messages?limit=500`)).body.data

/** Everything the API tells about a run, to compare before and after the kill. */
async function snapshot(runId: string) {
  const stepRuns = await stepRunsOf(runId)
  return {
    run: await runOf(runId),
    stepRuns,
    items: await itemsOf(runId),
    outputs: (await wsApi('GET', `/process-runs/${runId}/outputs`)).body.data,
    consoles: await Promise.all(stepRuns.map((s: { id: string }) => consoleOf(s.id))),
  }
}

describe('local room killed mid-run', () => {
  it('ends the running run unresolved, runs the queued one, kills the orphan, loses nothing', async () => {
    const processId = insertTestProcess(fixture.dataDir, fixture.ws(), 'Recovery')

    // A finished run with outputs, written before the kill.
    const done = await startRun(processId, [{ n: 1 }, { n: 2 }])
    expect((await fixture.waitForRunEnd(done)).state).toBe('completed')
    const doneBefore = await snapshot(done)
    expect(doneBefore.outputs.map((o: { payload: unknown }) => o.payload)).toEqual(
      expect.arrayContaining([{ n: 1 }, { n: 2 }]),
    )

    // A long robot holding the only worker; it prints a few ticks and then sleeps quietly (a robot
    // writing to the dead room's pipe would end itself with EPIPE, hiding the orphan cleanup).
    const running = await startRun(processId, [{ mode: 'sleep', ms: 20_000, ticks: 3 }, { n: 'later' }])
    const [runningStep] = await waitFor(async () => {
      const steps = await stepRunsOf(running)
      return steps[0]?.state === 'in_progress' ? steps : null
    })
    await waitFor(async () =>
      (await consoleOf(runningStep.id)).some((m: { message: string }) => m.message === 'tick 2'),
    )
    // A run queued behind it: its step run waits for the worker.
    const queued = await startRun(processId, [{ n: 'queued' }])
    await waitFor(async () => (await stepRunsOf(queued))[0]?.state === 'awaiting_worker')
    const runningBefore = await snapshot(running)
    const queuedBefore = await snapshot(queued)
    expect(runningBefore.run.state).toBe('in_progress')
    expect(queuedBefore.run.state).toBe('in_progress')

    // The robot's process group id, as the room recorded it.
    const db = new DatabaseSync(join(fixture.dataDir, DB_FILE), { readOnly: true })
    try {
      const row = db.prepare('SELECT pid FROM step_runs WHERE id = ?').get(runningStep.id) as { pid: number }
      robotPid = Number(row.pid)
    } finally {
      db.close()
    }
    expect(robotPid).toBeGreaterThan(1)
    const consolePid = runningBefore.consoles[0].find((m: { message: string }) =>
      m.message.startsWith('pid '),
    )
    expect(consolePid?.message).toBe(`pid ${robotPid}`)

    await fixture.process.kill()
    // The robot runs in its own process group, so it outlived the room.
    expect(processGone(robotPid)).toBe(false)

    await fixture.restart()
    // The orphaned robot is ended by the new room.
    await waitFor(() => processGone(robotPid), { timeoutMs: 5000 })

    // The interrupted run: unresolved, its step run failed with the orchestrator's error.
    const interrupted = await waitFor(async () => {
      const run = await runOf(running)
      return run.state === 'unresolved' ? run : null
    })
    expect(interrupted).toMatchObject({ ended_at: expect.any(String), duration: expect.any(Number) })
    const [failedStep] = await stepRunsOf(running)
    expect(failedStep).toMatchObject({
      id: runningStep.id,
      state: 'failed',
      error: { code: 'orchestrator_restarted' },
    })
    const runningItems = await itemsOf(running)
    expect(runningItems).toHaveLength(2)
    for (const item of runningItems) {
      expect(item.state).toBe('failed')
      expect(item.exception).toMatchObject({ type: 'orchestrator', code: 'orchestrator_restarted' })
    }
    // Its console keeps every line written before the kill, then says what happened.
    const runningConsole = await consoleOf(runningStep.id)
    expect(runningConsole.slice(0, runningBefore.consoles[0].length)).toEqual(runningBefore.consoles[0])
    expect(runningConsole.at(-1).message).toContain('orchestrator_restarted')

    // The queued run starts again and completes, in the same step run it waited in.
    const resumed = await fixture.waitForRunEnd(queued)
    expect(resumed.state).toBe('completed')
    const queuedSteps = await stepRunsOf(queued)
    expect(queuedSteps.map((s: { id: string; state: string }) => [s.id, s.state])).toEqual([
      [queuedBefore.stepRuns[0].id, 'completed'],
    ])
    const queuedOutputs = (await wsApi('GET', `/process-runs/${queued}/outputs`)).body.data
    expect(queuedOutputs.map((o: { payload: unknown }) => o.payload)).toEqual([{ n: 'queued' }])

    // Nothing written before the kill is lost; no run is left in progress.
    expect(await snapshot(done)).toEqual(doneBefore)
    const all = (await wsApi('GET', '/process-runs?limit=100')).body.data as { id: string; state: string }[]
    expect(all.map((r) => r.id)).toEqual(expect.arrayContaining([done, running, queued]))
    expect(all.filter((r) => !['completed', 'unresolved'].includes(r.state))).toEqual([])
  })
})
