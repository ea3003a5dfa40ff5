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
import { expectOrdersHandled, ORDER_PAYLOADS, runToEnd } from '../../../../support/work-item-robot-runs'

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

describe('a robot speaking the robot-side work item API', () => {
  it('records outputs with files, BUSINESS and APPLICATION failures and a crash as the robot left them', async () => {
    const result = await runToEnd(fixture, twoSteps, ORDER_PAYLOADS, 20_000)
    expectOrdersHandled(result, { 'partial.txt': 'partial 4' })
    expect(result.consoles[0]).toMatch(/FileNotFoundError: No file with name: orders.xlsx/)
    // The robot's own release before it crashed (robocorp-workitems sends a bare APPLICATION, no
    // code or message) wins over the room's robot_failed; the exception is in the console.
    expect(result.byMode('crash')).toMatchObject({
      state: 'failed',
      exception: { type: 'application', code: '', message: '' },
    })
  }, 30_000)

  it("fails an item the robot left unreleased when it crashes, with the room's robot_failed", async () => {
    const { run, byMode, stepRuns } = await runToEnd(fixture, oneStep, [
      { mode: 'produce', order: 7 },
      { mode: 'die' },
    ])
    expect(run.state).toBe('unresolved')
    expect(stepRuns.map((s: { state: string }) => s.state)).toEqual(['failed'])
    expect(byMode('die')).toMatchObject({
      state: 'failed',
      exception: { type: 'application', code: 'robot_failed', message: 'The robot exited with code 1' },
    })
    // What it released before the crash stands.
    expect(byMode('produce').state).toBe('done')
  }, 30_000)

  it("counts a step's outputs in its console, also those handed on as their input was released", async () => {
    const { run, consoles } = await runToEnd(fixture, twoSteps, [
      { mode: 'produce', order: 5 },
      { mode: 'produce', order: 6 },
    ])
    expect(run.state).toBe('completed')
    expect(consoles[0]).toContain('The robot exited with code 0 (2 output work items)')
    expect(consoles[1]).toContain('The robot exited with code 0 (2 output work items)')
  }, 30_000)

  it('ends the run completed when every item is done', async () => {
    const { run, outputs } = await runToEnd(fixture, oneStep, [{ mode: 'produce', order: 2 }])
    expect(run.state).toBe('completed')
    expect(outputs.map((o: { payload: unknown }) => o.payload)).toEqual([{ order: 2 }])
  }, 30_000)
})

describe('the robot token', () => {
  it("reaches only its own step run's items, and ends with its step run", async () => {
    const victim = await runToEnd(fixture, oneStep, [{ mode: 'produce', order: 9 }])
    const victimItem = victim.items.find(
      (item: { payload: { mode?: string } }) => item.payload.mode === 'produce',
    )
    const after = join(base, 'after-status.txt')
    const thief = await runToEnd(fixture, oneStep, [
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
    const { run, outputs } = await runToEnd(fixture, oneStep, [{ mode: 'deep' }])
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
