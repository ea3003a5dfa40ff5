/**
 * POST /process-runs/{id}/stop with real robots on a one-worker room: terminating kills the whole
 * process tree (graceful, then forced) while the run shows `stopping`; without terminate the
 * current step finishes and no further step starts; set_remaining_work_items_as_done decides the
 * items; a run stopped while waiting for the worker never starts its robot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../../../support/localroom'
import { insertTestProcess, processGone, writeTestRobot } from '../../../support/localroom-test-robot'
import { roomFixture } from '../../../support/room-fixture'

const fixture = roomFixture({
  mode: 'in-process',
  workers: 1,
  prepare: async (dir) => ({ robotsDir: await writeTestRobot(dir) }),
})
const { wsApi } = fixture
let oneStep: string
let twoSteps: string
/** Robot and grandchild pids seen, killed after the tests should a check have failed. */
const pids: number[] = []

beforeAll(() => {
  oneStep = insertTestProcess(fixture.dataDir, fixture.ws(), 'One step')
  twoSteps = insertTestProcess(fixture.dataDir, fixture.ws(), 'Two steps', 2)
})
afterAll(() => {
  for (const pid of pids) if (!processGone(pid)) process.kill(pid, 'SIGKILL')
})

const start = async (processId: string, payloads: unknown[]): Promise<string> => {
  const response = await wsApi('POST', `/processes/${processId}/process-runs`, {
    body: {
      type: 'with_payloads',
      payloads,
    },
  })
  expect(response.status).toBe(200)
  return response.body.id
}
const stop = (runId: string, terminate: boolean, markDone: boolean) =>
  wsApi('POST', `/process-runs/${runId}/stop`, {
    body: {
      terminate_ongoing_activity_runs: terminate,
      set_remaining_work_items_as_done: markDone,
    },
  })
const runOf = async (id: string) => (await wsApi('GET', `/process-runs/${id}`)).body
const stepRunsOf = async (id: string) => (await wsApi('GET', `/step-runs?process_run_id=${id}`)).body.data
const itemsOf = async (id: string) => {
  const list = (await wsApi('GET', `/work-items?process_run_id=${id}&limit=100`)).body.data
  return Promise.all(list.map(async (i: { id: string }) => (await wsApi('GET', `/work-items/${i.id}`)).body))
}
const consoleOf = async (stepRunId: string): Promise<string[]> =>
  (await wsApi('GET', `/step-runs/${stepRunId}/console-messages?limit=500`)).body.data.map(
    (m: { message: string }) => m.message,
  )
const eventsOf = async (stepRunId: string): Promise<string[]> =>
  (await wsApi('GET', `/step-runs/${stepRunId}/events`)).body.data.map(
    (e: { event_type: string }) => e.event_type,
  )

/** Waits for the running step run of a run and a console line starting with each prefix; returns them. */
async function whenRunning(runId: string, prefixes: string[]) {
  const stepRun = await waitFor(async () =>
    (await stepRunsOf(runId)).find((s: { state: string }) => s.state === 'in_progress'),
  )
  const lines = await waitFor(async () => {
    const all = await consoleOf(stepRun.id)
    return prefixes.every((p) => all.some((l) => l.startsWith(p))) ? all : null
  })
  const value = (prefix: string) => Number(lines.find((l) => l.startsWith(prefix))?.slice(prefix.length))
  return { stepRun, value }
}

describe('stop with terminate_ongoing_activity_runs', () => {
  it('ends the robot and what it started, passing through stopping', async () => {
    // The robot ignores SIGTERM, so the forced kill after the grace period is what ends it.
    const runId = await start(oneStep, [{ mode: 'grandchild', ignoreTerm: true }, { n: 2 }])
    const { stepRun, value } = await whenRunning(runId, ['pid ', 'grandchild '])
    const robot = value('pid ')
    const grandchild = value('grandchild ')
    pids.push(robot, grandchild)
    expect(processGone(robot)).toBe(false)
    expect(processGone(grandchild)).toBe(false)

    expect((await stop(runId, true, false)).body).toEqual({ accepted: true })
    expect((await runOf(runId)).state).toBe('stopping')
    // Graceful first: the robot is told, and its grandchild (default SIGTERM handling) ends.
    await waitFor(async () => (await consoleOf(stepRun.id)).includes('got SIGTERM'))
    const run = await fixture.waitForRunEnd(runId)
    expect(run.state).toBe('unresolved')
    await waitFor(() => processGone(robot) && processGone(grandchild), { timeoutMs: 5000 })

    const [stopped] = await stepRunsOf(runId)
    expect(stopped).toMatchObject({ state: 'failed', error: { code: 'terminated' } })
    expect(await eventsOf(stopped.id)).toEqual(['step_run_started', 'step_run_terminated', 'step_run_failed'])
    for (const item of await itemsOf(runId)) {
      expect(item.state).toBe('failed')
      expect(item.exception).toMatchObject({ type: 'orchestrator', code: 'process_run_stopped' })
    }
  })

  it('marks the remaining items done with set_remaining_work_items_as_done', async () => {
    const runId = await start(oneStep, [{ mode: 'sleep' }, { n: 2 }])
    await whenRunning(runId, ['tick 0'])
    expect((await stop(runId, true, true)).body).toEqual({ accepted: true })
    const run = await fixture.waitForRunEnd(runId)
    expect(run.state).toBe('completed')
    const [stopped] = await stepRunsOf(runId)
    expect(stopped).toMatchObject({ state: 'failed', error: { code: 'terminated' } })
    expect((await itemsOf(runId)).map((i) => [i.state, i.exception])).toEqual([
      ['done', null],
      ['done', null],
    ])
  })
})

describe('stop without terminate_ongoing_activity_runs', () => {
  it.each([
    { markDone: false, state: 'unresolved', next: 'failed' },
    { markDone: true, state: 'completed', next: 'done' },
  ])(
    'lets step 1 finish and starts no step 2 (set_remaining_work_items_as_done: $markDone)',
    async ({ markDone, state, next }) => {
      const runId = await start(twoSteps, [{ mode: 'sleep', ms: 1500 }])
      const { stepRun } = await whenRunning(runId, ['tick 0'])
      expect((await stop(runId, false, markDone)).body).toEqual({ accepted: true })
      expect((await runOf(runId)).state).toBe('stopping')
      const run = await fixture.waitForRunEnd(runId)
      expect(run.state).toBe(state)
      // Step 1 ran to its end (its ticks up to the last), and no step run followed.
      const stepRuns = await stepRunsOf(runId)
      expect(stepRuns.map((s: { id: string; state: string }) => [s.id, s.state])).toEqual([
        [stepRun.id, 'completed'],
      ])
      expect(await eventsOf(stepRun.id)).toEqual(['step_run_started', 'step_run_completed'])
      const items = await itemsOf(runId)
      // Step 1 echoes its payload, so the items differ by the step run that processed them.
      expect(items).toHaveLength(2)
      const stepOneItem = items.find((i) => i.step_run?.id === stepRun.id)
      const stepTwoItem = items.find((i) => i !== stepOneItem)
      expect(stepTwoItem.step_run).toBeNull()
      expect(stepOneItem.state).toBe('done')
      expect(stepTwoItem.state).toBe(next)
      if (!markDone)
        expect(stepTwoItem.exception).toMatchObject({ type: 'orchestrator', code: 'process_run_stopped' })
    },
  )
})

describe('stop of a run waiting for a worker', () => {
  it('never starts its robot', async () => {
    const busy = await start(oneStep, [{ mode: 'sleep', ms: 15_000 }])
    await whenRunning(busy, ['tick 0'])
    const waiting = await start(oneStep, [{ n: 'never' }])
    const waitingStep = await waitFor(async () =>
      (await stepRunsOf(waiting)).find((s: { state: string }) => s.state === 'awaiting_worker'),
    )
    expect((await stop(waiting, false, false)).body).toEqual({ accepted: true })
    const run = await fixture.waitForRunEnd(waiting)
    expect(run.state).toBe('unresolved')

    // Free the worker, then run another process run through it: the stopped run stays untouched.
    expect((await stop(busy, true, true)).body).toEqual({ accepted: true })
    await fixture.waitForRunEnd(busy)
    const after = await start(oneStep, [{ n: 'after' }])
    expect((await fixture.waitForRunEnd(after)).state).toBe('completed')

    const stepRuns = await stepRunsOf(waiting)
    expect(stepRuns).toHaveLength(1)
    expect(stepRuns[0]).toMatchObject({ id: waitingStep.id, state: 'failed' })
    expect(await eventsOf(waitingStep.id)).not.toContain('step_run_started')
    expect(await consoleOf(waitingStep.id)).toEqual([])
    const [item] = await itemsOf(waiting)
    expect(item).toMatchObject({
      state: 'failed',
      exception: { type: 'orchestrator', code: 'process_run_stopped' },
    })
    expect((await wsApi('GET', `/process-runs/${waiting}/outputs`)).body.data).toEqual([])
  })
})
