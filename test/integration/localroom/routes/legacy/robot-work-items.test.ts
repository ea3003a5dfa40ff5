/**
 * The robot-side work item API with a real robot process speaking robocorp-workitems' requests
 * (test/support/api-test-robot.ts): reserve, outputs with files, items failed as BUSINESS and
 * APPLICATION, a crash after the robot's own release; the API shows each item as the robot left
 * it, the run ends as Control Room's rules say. And the token: it reaches only its own step run's
 * items, and ends with its step run.
 */
import { mkdtempSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeApiRobot } from '../../../../support/api-test-robot'
import { waitFor } from '../../../../support/localroom'
import { insertTestProcess } from '../../../../support/localroom-test-robot'
import { roomFixture } from '../../../../support/room-fixture'

const base = mkdtempSync(join(tmpdir(), 'robodeck-robot-api-'))
const robotsDir = join(base, 'robots')
const fixture = roomFixture({ mode: 'in-process', robotsDir })
let twoSteps: string
let oneStep: string

beforeAll(async () => {
  const robot = await writeApiRobot(robotsDir)
  const { dataDir, room } = fixture
  twoSteps = insertTestProcess(dataDir, room.workspaceId, 'Producer and consumer', 2, {
    robot,
    adapter: 'api',
  })
  oneStep = insertTestProcess(dataDir, room.workspaceId, 'One API step', 1, { robot, adapter: 'api' })
})
afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

const api = (method: string, path: string, body?: unknown) => fixture.wsApi(method, path, { body })

/** Starts a run with one input item per payload, waits for its end, and reads what it left. */
async function runToEnd(processId: string, payloads: unknown[]) {
  const started = await api('POST', `/processes/${processId}/process-runs`, {
    type: 'with_payloads',
    payloads,
  })
  expect(started.status, JSON.stringify(started.body)).toBe(200)
  const id: string = started.body.id
  const run = await waitFor(
    async () => {
      const body = (await api('GET', `/process-runs/${id}`)).body
      return ['completed', 'unresolved'].includes(body.state) ? body : null
    },
    { timeoutMs: 20_000 },
  )
  const stepRuns = (await api('GET', `/step-runs?process_run_id=${id}`)).body.data
  const listed = (await api('GET', `/work-items?process_run_id=${id}&limit=100`)).body.data
  const items = await Promise.all(
    listed.map(async (item: { id: string }) => (await api('GET', `/work-items/${item.id}`)).body),
  )
  const outputs = (await api('GET', `/process-runs/${id}/outputs?limit=100`)).body.data
  return { run, stepRuns, items, outputs }
}

const consoleOf = async (stepRunId: string): Promise<string> =>
  (await api('GET', `/step-runs/${stepRunId}/console-messages?limit=500`)).body.data
    .map((m: { message: string }) => m.message)
    .join('\n')

describe('a robot speaking the robot-side work item API', () => {
  it('records outputs with files, BUSINESS and APPLICATION failures and a crash as the robot left them', async () => {
    const { run, stepRuns, items, outputs } = await runToEnd(twoSteps, [
      { mode: 'produce', order: 1 },
      { mode: 'business' },
      { mode: 'application' },
      { mode: 'crash', order: 4 },
    ])
    // Control Room: a run with failed work items ends unresolved.
    expect(run.state).toBe('unresolved')
    const [first, second] = [...stepRuns].sort((a: { started_at: string }, b: { started_at: string }) =>
      a.started_at.localeCompare(b.started_at),
    )
    expect(stepRuns).toHaveLength(2)
    expect(first).toMatchObject({ state: 'failed', error: { code: 'robot_failed' } })
    expect(await consoleOf(first.id)).toMatch(/FileNotFoundError: No file with name: orders.xlsx/)
    // The step's outputs made before the crash reached step 2, which read their files.
    expect(second.state).toBe('completed')

    const byPayload = (mode: string) =>
      items.find((item: { payload: { mode?: string } }) => item.payload.mode === mode)
    expect(byPayload('produce')).toMatchObject({ state: 'done', exception: null })
    expect(byPayload('business')).toMatchObject({
      state: 'failed',
      exception: { type: 'business', code: 'INVALID_ORDER', message: 'Invalid ZIP code' },
    })
    expect(byPayload('application')).toMatchObject({
      state: 'failed',
      exception: { type: 'application', code: 'PORTAL_DOWN', message: 'The portal did not answer' },
    })
    // The robot's own release before it crashed (robocorp-workitems sends a bare APPLICATION, no
    // code or message) wins over the room's robot_failed; the exception is in the console above.
    expect(byPayload('crash')).toMatchObject({
      state: 'failed',
      exception: { type: 'application', code: '', message: '' },
    })
    const consumed = outputs.map(
      (o: { payload: { order: number; read: Record<string, string> } }) => o.payload,
    )
    expect(consumed.sort((a: { order: number }, b: { order: number }) => a.order - b.order)).toEqual([
      expect.objectContaining({ order: 1, read: { 'order-1.txt': 'order 1' } }),
      expect.objectContaining({ order: 4, partial: true, read: { 'partial.txt': 'partial 4' } }),
    ])
  }, 30_000)

  it("fails an item the robot left unreleased when it crashes, with the room's robot_failed", async () => {
    const { run, items, stepRuns } = await runToEnd(oneStep, [{ mode: 'produce', order: 7 }, { mode: 'die' }])
    expect(run.state).toBe('unresolved')
    expect(stepRuns.map((s: { state: string }) => s.state)).toEqual(['failed'])
    const died = items.find((item: { payload: { mode?: string } }) => item.payload.mode === 'die')
    expect(died).toMatchObject({
      state: 'failed',
      exception: { type: 'application', code: 'robot_failed', message: 'The robot exited with code 1' },
    })
    // What it released before the crash stands.
    expect(items.find((item: { payload: { mode?: string } }) => item.payload.mode === 'produce').state).toBe(
      'done',
    )
  }, 30_000)

  it('ends the run completed when every item is done', async () => {
    const { run, outputs } = await runToEnd(oneStep, [{ mode: 'produce', order: 2 }])
    expect(run.state).toBe('completed')
    expect(outputs.map((o: { payload: unknown }) => o.payload)).toEqual([{ order: 2 }])
  }, 30_000)
})

describe('the robot token', () => {
  it("reaches only its own step run's items, and ends with its step run", async () => {
    const victim = await runToEnd(oneStep, [{ mode: 'produce', order: 9 }])
    const victimItem = victim.items.find(
      (item: { payload: { mode?: string } }) => item.payload.mode === 'produce',
    )
    const after = join(base, 'after-status.txt')
    const thief = await runToEnd(oneStep, [
      {
        mode: 'steal',
        other: { item: victimItem.id, run: victim.run.id, stepRun: victim.stepRuns[0].id },
        after,
      },
    ])
    expect(thief.run.state).toBe('completed')
    expect(thief.outputs[0].payload).toEqual({
      dataOther: 404,
      putOther: 404,
      filesOther: 404,
      reserveOther: 403,
      releaseOther: 404,
      outputOther: 404,
      noToken: 401,
      ownData: 200,
    })
    // The other run's item is unchanged.
    expect((await api('GET', `/work-items/${victimItem.id}`)).body).toMatchObject({
      state: 'done',
      payload: { mode: 'produce', order: 9 },
    })
    const status = await waitFor(async () => readFile(after, 'utf8').catch(() => null), { timeoutMs: 10_000 })
    expect(status).toBe('401')
  }, 40_000)

  it('refuses JSON nested too deep from a robot with a 400, as every other route does', async () => {
    const { run, outputs } = await runToEnd(oneStep, [{ mode: 'deep' }])
    expect(run.state).toBe('completed')
    expect(outputs[0].payload).toEqual({ putDeep: 400, outputDeep: 400 })
  }, 30_000)

  it('refuses an unknown token before reading the body, and an API key', async () => {
    const path = `/json-v1/workspaces/${fixture.room.workspaceId}/workitems/x/data`
    const bearer = await fetch(`${fixture.room.origin}${path}`, {
      method: 'PUT',
      headers: { authorization: 'Bearer nope', 'content-type': 'application/json' },
      body: '{"a":1}',
    })
    expect(bearer.status).toBe(401)
    const key = await fetch(`${fixture.room.origin}${path}`, {
      headers: { authorization: `RC-WSKEY ${fixture.room.bootstrap?.api_key}` },
    })
    expect(key.status).toBe(401)
    expect(((await key.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
  })
})
