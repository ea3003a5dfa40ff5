/** The legacy Process API (process-v1) over real HTTP: trigger, batch, list, poll until COMPL. */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalRoom, startLocalRoom } from '../../../../../src/localroom/server'
import { callApi, waitFor } from '../../../../support/localroom'
import { insertTestProcess, writeTestRobot } from '../../../../support/localroom-test-robot'

let dir: string
let room: LocalRoom
let processId: string
let base: string

const legacy = (method: string, path: string, options: Parameters<typeof callApi>[3] = {}) =>
  callApi(base, method, path, { key: room.bootstrap?.api_key, ...options })
const runsPath = () => `/workspaces/${room.workspaceId}/processes/${processId}/runs`

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-localroom-legacy-'))
  const robotsDir = await writeTestRobot(dir)
  room = await startLocalRoom({ dataDir: join(dir, 'data'), robotsDir, issueBootstrapKey: true })
  processId = insertTestProcess(join(dir, 'data'), room.workspaceId, 'Legacy')
  base = `${room.origin}/process-v1`
})

afterAll(async () => {
  await room?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('legacy Process API', () => {
  it('triggers a run with the body as its work item and polls it until COMPL', async () => {
    const started = await legacy('POST', runsPath(), { body: { variables: { a: 1 } } })
    expect(started.status).toBe(200)
    expect(started.body).toEqual({ id: expect.any(String), workItemIds: [expect.any(String)] })
    const done = await waitFor(async () => {
      const response = await legacy('GET', `${runsPath()}/${started.body.id}`)
      expect(['INI', 'IP', 'COMPL']).toContain(response.body.state)
      return response.body.state === 'COMPL' ? response.body : null
    })
    expect(done).toEqual({
      id: started.body.id,
      state: 'COMPL',
      result: 'OK',
      errorCode: null,
      workspaceId: room.workspaceId,
      processId,
      processName: 'Legacy',
      duration: expect.any(Number),
      runNo: 1,
      robotRuns: [{ id: expect.any(String) }],
    })
    // The body became the input work item's payload (visible through API v1).
    const item = await callApi(
      room.url,
      'GET',
      `/workspaces/${room.workspaceId}/work-items/${started.body.workItemIds[0]}`,
      { key: room.bootstrap?.api_key },
    )
    expect(item.body.payload).toEqual({ variables: { a: 1 } })
  })

  it('reports a failed run as COMPL with result ERR and an error code', async () => {
    const started = await legacy('POST', runsPath(), { body: [{ mode: 'fail' }] })
    expect(started.status).toBe(200)
    const run = await waitFor(async () => {
      const response = await legacy('GET', `${runsPath()}/${started.body.id}`)
      return response.body.state === 'COMPL' ? response.body : null
    })
    // An array body is one item whose payload is the array; the robot reads mode from an object only.
    expect(run.result).toBe('OK')
    const failing = await legacy('POST', runsPath(), { body: { mode: 'fail' } })
    const failed = await waitFor(async () => {
      const response = await legacy('GET', `${runsPath()}/${failing.body.id}`)
      return response.body.state === 'COMPL' ? response.body : null
    })
    expect(failed).toMatchObject({ result: 'ERR', errorCode: 'robot_failed' })
  })

  it('starts one run per element of a batch and lists runs newest first', async () => {
    const batch = await legacy('POST', `${runsPath()}-batch`, { body: [{ n: 1 }, { n: 2 }] })
    expect(batch.status).toBe(200)
    expect(batch.body.data).toHaveLength(2)
    const list = await legacy('GET', `${runsPath()}?limit=2`)
    expect(list.status).toBe(200)
    expect(list.body.data.map((run: { id: string }) => run.id)).toEqual(
      batch.body.data.map((run: { id: string }) => run.id).reverse(),
    )
    expect(list.body.data[0].runNo).toBeGreaterThan(list.body.data[1].runNo)
    await Promise.all(
      batch.body.data.map((run: { id: string }) =>
        waitFor(async () => (await legacy('GET', `${runsPath()}/${run.id}`)).body.state === 'COMPL'),
      ),
    )
  })

  it('refuses other content types, bad bodies, unknown ids, and keys without the permission', async () => {
    const text = await legacy('POST', runsPath(), { rawBody: 'x', contentType: 'text/plain' })
    expect(text.status).toBe(415)
    const none = await legacy('POST', runsPath())
    expect(none.status).toBe(415)
    const scalar = await legacy('POST', runsPath(), { body: 42 })
    expect(scalar.status).toBe(400)
    const notArray = await legacy('POST', `${runsPath()}-batch`, { body: { a: 1 } })
    expect(notArray.status).toBe(400)
    const put = await legacy('PUT', runsPath(), { body: {} })
    expect(put.status).toBe(404)
    const unknownProcess = await legacy(
      'POST',
      `/workspaces/${room.workspaceId}/processes/${randomUUID()}/runs`,
      {
        body: {},
      },
    )
    expect(unknownProcess.status).toBe(404)
    const unknownRun = await legacy('GET', `${runsPath()}/${randomUUID()}`)
    expect(unknownRun.status).toBe(404)
    const noKey = await callApi(base, 'GET', runsPath())
    expect(noKey.status).toBe(401)
    expect(noKey.body.error.code).toBe('unauthorized')
  })
})
