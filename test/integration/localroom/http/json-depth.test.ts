/**
 * JSON nested too deep, over real HTTP: every route that reads a JSON body refuses it with a 400
 * naming the limit and the field, before anything is stored; a payload at the limit goes through the
 * whole room (stored, run by a robot, read back); a robot whose output nests too deep fails its step
 * with a message, rather than failing the run where the room stores the output.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import {
  API_PREFIX,
  LEGACY_PROCESS_PREFIX,
  MANAGEMENT_PREFIX,
  TOKEN_VENDOR_PREFIX,
} from '../../../../src/localroom/context'
import { MAX_JSON_DEPTH } from '../../../../src/localroom/http/json-depth'
import type { LocalRoom } from '../../../../src/localroom/server'
import { signedRequest } from '../../../support/credential-client'
import { nestedJson } from '../../../support/hostile-input'
import { type ApiResponse, callApi, waitFor } from '../../../support/localroom'
import { insertTestProcess, writeTestRobot } from '../../../support/localroom-test-robot'
import { isErrorBody, roomFixture } from '../../../support/room-fixture'
import { concretePath } from '../../../support/room-routes'

let processId: string
const logs: string[] = []
const fixture = roomFixture({
  mode: 'in-process',
  log: (line) => logs.push(line),
  prepare: async (dir) => ({ robotsDir: await writeTestRobot(dir) }),
})
const { wsApi, key } = fixture

beforeAll(() => {
  processId = insertTestProcess(fixture.dataDir, fixture.ws(), 'Depth')
})

const runCount = async () => (await wsApi('GET', `/process-runs?limit=100`)).body.data.length as number

/** The scopes whose routes read JSON bodies (the open scope's upload targets take files). */
const JSON_SCOPES = [API_PREFIX, LEGACY_PROCESS_PREFIX, MANAGEMENT_PREFIX, TOKEN_VENDOR_PREFIX]

/** Sends a raw JSON body to a declared route with the credentials its scope wants. */
function send(
  route: LocalRoom['routes'][number],
  raw: string,
): Promise<ApiResponse | { status: number; body: unknown }> {
  const path = concretePath(route, fixture.room.workspaceId)
  if (route.spec.auth === 'user-credential') {
    return signedRequest(
      fixture.room.origin,
      fixture.room.bootstrap?.user_credential as string,
      route.spec.method,
      path,
      undefined,
      {
        rawBody: raw,
        headers: { 'content-type': 'application/json' },
      },
    )
  }
  return callApi(fixture.room.origin, route.spec.method, path, { key: key(), rawBody: raw })
}

/** About 200 kB each: the size the outside test used. */
const TOO_DEEP = [
  { raw: nestedJson(100_000, 'array'), field: '0.0.0.0.0.0.…' },
  { raw: nestedJson(40_000, 'object'), field: 'a.a.a.a.a.a.…' },
]

describe('JSON nesting depth', () => {
  it('is refused on every route that reads a JSON body, with a 400 naming the limit and the field', async () => {
    const runsBefore = await runCount()
    // Robot-token routes answer only a running step run's robot (the same parser guards them:
    // routes/legacy/robot-work-items.test.ts sends them too-deep JSON from a robot).
    const routes = fixture.room.routes.filter(
      (route) =>
        JSON_SCOPES.includes(route.prefix) &&
        ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.spec.method) &&
        route.spec.auth !== 'robot-token',
    )
    // Including the ones the outside test saw answer 500.
    expect(routes.map((route) => route.spec.operationId)).toEqual(
      expect.arrayContaining([
        'startProcessRun',
        'createWorkItem',
        'updateWorkItemPayload',
        'legacyStartProcessRun',
        'legacyStartProcessRunBatch',
        'managedCreateProcess',
        'createApiKey',
        'requestWorkspaceToken',
      ]),
    )
    for (const route of routes) {
      for (const { raw, field } of TOO_DEEP) {
        const response = await send(route, raw)
        const context = `${route.spec.operationId}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`
        expect(response.status, context).toBe(400)
        expect(isErrorBody(response.body), context).toBe(true)
        const error = (response.body as { error: { code: string; message: string } }).error
        expect(error.code, context).toBe('invalid_request')
        expect(error.message, context).toBe(
          `Invalid request body field "${field}": it nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects, the room's limit for JSON`,
        )
      }
    }
    // Nothing was started or stored, nothing failed inside, and the room still serves.
    expect(await runCount()).toBe(runsBefore)
    expect(logs.filter((line) => line.startsWith('error:'))).toEqual([])
    expect((await wsApi('GET', `/processes`)).status).toBe(200)
  })

  it('names the field where a real payload nests too deep, and takes one at the limit through a robot and back', async () => {
    const start = (payload: string) =>
      wsApi('POST', `/processes/${processId}/process-runs`, {
        rawBody: `{"type":"with_payloads","payloads":[${payload}]}`,
      })
    // The body itself and `payloads` are two levels: the payload may nest the rest.
    const tooDeep = await start(nestedJson(MAX_JSON_DEPTH - 1, 'object', 'items'))
    expect(tooDeep.status).toBe(400)
    expect(tooDeep.body.error.message).toContain('field "payloads.0.items.items.items.items.…"')

    // Brackets and escaped quotes inside strings are text, not nesting.
    const atLimit = `{"note":"\\"[[[{{{${'['.repeat(5_000)}","deep":${nestedJson(MAX_JSON_DEPTH - 3, 'array')}}`
    const started = await start(atLimit)
    expect(started.status, JSON.stringify(started.body)).toBe(200)
    const runId = started.body.id as string
    await waitFor(async () => (await wsApi('GET', `/process-runs/${runId}`)).body.state === 'completed', {
      timeoutMs: 20_000,
    })
    // The robot echoed it as an output ([{payload}] is two more levels: exactly the limit).
    const outputs = await wsApi('GET', `/process-runs/${runId}/outputs`)
    expect(outputs.status).toBe(200)
    expect(outputs.body.data[0].payload).toEqual(JSON.parse(atLimit))
  })

  it("fails the step, naming the limit, when a robot's output nests too deep", async () => {
    const started = await wsApi('POST', `/processes/${processId}/process-runs`, {
      body: { type: 'with_payloads', payloads: [{ mode: 'deep', depth: 50_000 }] },
    })
    expect(started.status).toBe(200)
    const runId = started.body.id as string
    const run = await fixture.waitForRunEnd(runId)
    expect(run.state).toBe('unresolved')
    const steps = await wsApi('GET', `/step-runs?process_run_id=${runId}`)
    const step = steps.body.data[0]
    expect({ state: step.state, error: step.error }).toEqual({
      state: 'failed',
      error: { code: 'output_invalid' },
    })
    const console = await wsApi('GET', `/step-runs/${step.id}/console-messages`)
    const messages = (console.body.data as { message: string }[]).map((line) => line.message).join('\n')
    expect(messages).toContain(`nests deeper than ${MAX_JSON_DEPTH} levels`)
    expect(logs.filter((line) => line.includes('failed in the runner'))).toEqual([])
  })
})
