/**
 * Step runs, artifacts (signed downloads), console messages while running, events, stopping and
 * deleting runs, over real HTTP against an in-process room running a test robot.
 */
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadRoomSecret } from '../../../../../src/localroom/credentials/room-secret'
import { createUrlSigner } from '../../../../../src/localroom/http/signed-urls'
import { callApi, tamperSignature, waitFor } from '../../../../support/localroom'
import { insertTestProcess, writeTestRobot } from '../../../../support/localroom-test-robot'
import { expectSpecShape, roomFixture } from '../../../../support/room-fixture'

const fixture = roomFixture({
  mode: 'in-process',
  prepare: async (dir) => ({ robotsDir: await writeTestRobot(dir) }),
})
const { api, ws } = fixture
let processId: string
let twoStepId: string

const spec = expectSpecShape
const start = async (process: string, payloads: unknown[]): Promise<string> => {
  const response = await api('POST', `/workspaces/${ws()}/processes/${process}/process-runs`, {
    body: {
      type: 'with_payloads',
      payloads,
    },
  })
  expect(response.status).toBe(200)
  return response.body.id
}
const runOf = async (id: string) => (await api('GET', `/workspaces/${ws()}/process-runs/${id}`)).body
const stepRunsOf = async (runId: string) =>
  (await api('GET', `/workspaces/${ws()}/step-runs?process_run_id=${runId}`)).body.data
const itemsOf = async (runId: string) =>
  (await api('GET', `/workspaces/${ws()}/work-items?process_run_id=${runId}`)).body.data

beforeAll(() => {
  processId = insertTestProcess(fixture.dataDir, ws(), 'Test robot')
  twoStepId = insertTestProcess(fixture.dataDir, ws(), 'Two steps', 2)
})

describe('step runs, artifacts, console and events', () => {
  it('lists and gets step runs, their artifacts, console and events in the spec shape', async () => {
    const runId = await start(processId, [{ mode: 'artifact' }])
    expect((await fixture.waitForRunEnd(runId)).state).toBe('completed')
    const list = await api('GET', `/workspaces/${ws()}/step-runs?process_run_id=${runId}`)
    spec('get', '/workspaces/{workspace_id}/step-runs', list)
    expect(list.body.data).toHaveLength(1)
    const stepRun = list.body.data[0]
    expect(stepRun).toMatchObject({ state: 'completed', error: null, step: { name: 'Step 1' } })
    const nested = await api('GET', `/workspaces/${ws()}/process-runs/${runId}/step-runs`)
    expect(nested.body).toEqual(list.body)

    const one = await api('GET', `/workspaces/${ws()}/step-runs/${stepRun.id}`)
    spec('get', '/workspaces/{workspace_id}/step-runs/{step_run_id}', one)
    expect(one.body).toEqual(stepRun)

    const artifacts = await api('GET', `/workspaces/${ws()}/step-runs/${stepRun.id}/artifacts`)
    spec('get', '/workspaces/{workspace_id}/step-runs/{step_run_id}/artifacts', artifacts)
    const names = artifacts.body.data.map((a: { name: string }) => a.name).sort()
    expect(names).toEqual(['report.txt', 'sub/data.json'])
    const report = artifacts.body.data.find((a: { name: string }) => a.name === 'report.txt')
    expect(report.size).toBe(11)
    // Ids are stable: listing again gives the same ones.
    const again = await api('GET', `/workspaces/${ws()}/step-runs/${stepRun.id}/artifacts`)
    expect(again.body).toEqual(artifacts.body)

    const artifact = await api('GET', `/workspaces/${ws()}/step-runs/${stepRun.id}/artifacts/${report.id}`)
    spec('get', '/workspaces/{workspace_id}/step-runs/{step_run_id}/artifacts/{artifact_id}', artifact)
    expect(artifact.body).toEqual({
      ...report,
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\//),
    })
    const download = await fetch(artifact.body.url)
    expect(download.status).toBe(200)
    expect(await download.text()).toBe('report body')

    const tampered = await callApi('', 'GET', tamperSignature(artifact.body.url))
    expect(tampered.status).toBe(403)
    expect(tampered.body.error.code).toBe('forbidden')
    const otherPath = await callApi('', 'GET', artifact.body.url.replace(report.id, randomUUID()))
    expect(otherPath.status).toBe(403)
    const past = createUrlSigner(loadRoomSecret(fixture.dataDir), () => Date.now() - 2 * 3600_000)
    const expired = await callApi(
      '',
      'GET',
      past.sign(fixture.origin, 'GET', new URL(artifact.body.url).pathname, 3600),
    )
    expect(expired.status).toBe(403)
    expect(expired.body.error.message).toContain('expired')

    const consoleLines = await api('GET', `/workspaces/${ws()}/step-runs/${stepRun.id}/console-messages`)
    spec('get', '/workspaces/{workspace_id}/step-runs/{step_run_id}/console-messages', consoleLines)
    expect(consoleLines.body.data.map((m: { message: string }) => m.message)).toContain(
      'item {"mode":"artifact"}',
    )
    const events = await api('GET', `/workspaces/${ws()}/step-runs/${stepRun.id}/events`)
    spec('get', '/workspaces/{workspace_id}/step-runs/{step_run_id}/events', events)
    expect(events.body.data.map((e: { event_type: string }) => e.event_type)).toEqual([
      'step_run_started',
      'step_run_completed',
    ])
    const paged = await api('GET', `/workspaces/${ws()}/step-runs/${stepRun.id}/events?limit=1`)
    expect(paged.body.has_more).toBe(true)
    const rest = await api('GET', paged.body.next)
    expect(rest.body.data.map((e: { event_type: string }) => e.event_type)).toEqual(['step_run_completed'])
  })

  it('answers 400 without process_run_id and 404 for unknown ids', async () => {
    const missing = await api('GET', `/workspaces/${ws()}/step-runs`)
    expect(missing.status).toBe(400)
    expect(missing.body.error.message).toContain('"process_run_id"')
    spec('get', '/workspaces/{workspace_id}/step-runs', missing)
    for (const path of [
      `/step-runs?process_run_id=${randomUUID()}`,
      `/step-runs/${randomUUID()}`,
      `/step-runs/${randomUUID()}/artifacts`,
      `/step-runs/${randomUUID()}/console-messages`,
      `/step-runs/${randomUUID()}/events`,
    ]) {
      const response = await api('GET', `/workspaces/${ws()}${path}`)
      expect(response.status, path).toBe(404)
      expect(response.body.error.code).toBe('not_found')
    }
    const runId = await start(processId, [{}])
    await fixture.waitForRunEnd(runId)
    const [stepRun] = await stepRunsOf(runId)
    const artifact = await api('GET', `/workspaces/${ws()}/step-runs/${stepRun.id}/artifacts/${randomUUID()}`)
    expect(artifact.status).toBe(404)
  })
})

describe('stopping and deleting runs', () => {
  it('serves console lines while running, then terminates the step on stop', async () => {
    const runId = await start(processId, [{ mode: 'sleep' }, { mode: 'never reached' }])
    const stepRun = await waitFor(async () => (await stepRunsOf(runId))[0])
    const lines = await waitFor(async () => {
      const response = await api('GET', `/workspaces/${ws()}/step-runs/${stepRun.id}/console-messages`)
      const messages = response.body.data.map((m: { message: string }) => m.message)
      return messages.includes('tick 1') ? response : null
    })
    spec('get', '/workspaces/{workspace_id}/step-runs/{step_run_id}/console-messages', lines)
    expect((await api('GET', `/workspaces/${ws()}/step-runs/${stepRun.id}`)).body.state).toBe('in_progress')

    const path = `/workspaces/${ws()}/process-runs/${runId}`
    const busy = await api('DELETE', path)
    expect(busy.status).toBe(409)
    spec('delete', '/workspaces/{workspace_id}/process-runs/{process_run_id}', busy)

    const noField = await api('POST', `${path}/stop`, { body: { set_remaining_work_items_as_done: false } })
    expect(noField.status).toBe(400)
    expect(noField.body.error.message).toContain('"terminate_ongoing_activity_runs"')
    spec('post', '/workspaces/{workspace_id}/process-runs/{process_run_id}/stop', noField)
    const unknown = await api('POST', `/workspaces/${ws()}/process-runs/${randomUUID()}/stop`, {
      body: {
        set_remaining_work_items_as_done: false,
        terminate_ongoing_activity_runs: true,
      },
    })
    expect(unknown.status).toBe(404)

    const stop = await api('POST', `${path}/stop`, {
      body: {
        set_remaining_work_items_as_done: false,
        terminate_ongoing_activity_runs: true,
        reason: 'test',
      },
    })
    spec('post', '/workspaces/{workspace_id}/process-runs/{process_run_id}/stop', stop)
    expect(stop.body).toEqual({ accepted: true })
    expect(['stopping', 'unresolved']).toContain((await runOf(runId)).state)
    const ended = await fixture.waitForRunEnd(runId)
    expect(ended.state).toBe('unresolved')
    const [stopped] = await stepRunsOf(runId)
    expect(stopped).toMatchObject({ state: 'failed', error: { code: 'terminated' } })
    const items = await itemsOf(runId)
    expect(items).toHaveLength(2)
    for (const item of items) {
      expect(item.state).toBe('failed')
      expect(item.exception).toMatchObject({ type: 'orchestrator', code: 'process_run_stopped' })
    }
    const events = await api('GET', `/workspaces/${ws()}/step-runs/${stopped.id}/events`)
    expect(events.body.data.map((e: { event_type: string }) => e.event_type)).toEqual([
      'step_run_started',
      'step_run_terminated',
      'step_run_failed',
    ])
    const late = await api('POST', `${path}/stop`, {
      body: {
        set_remaining_work_items_as_done: true,
        terminate_ongoing_activity_runs: true,
      },
    })
    expect(late.body).toEqual({ accepted: false })

    const deleted = await api('DELETE', path)
    spec('delete', '/workspaces/{workspace_id}/process-runs/{process_run_id}', deleted)
    expect(deleted.body).toEqual({ id: runId, deleted: true })
    expect((await api('GET', path)).status).toBe(404)
    expect((await api('DELETE', path)).status).toBe(404)
    expect(await itemsOf(runId)).toEqual([])
  })

  it('lets the current step finish and starts no further step without terminate', async () => {
    const runId = await start(twoStepId, [{ mode: 'sleep', ms: 600 }])
    await waitFor(async () => (await runOf(runId)).state === 'in_progress')
    const stop = await api('POST', `/workspaces/${ws()}/process-runs/${runId}/stop`, {
      body: {
        set_remaining_work_items_as_done: true,
        terminate_ongoing_activity_runs: false,
      },
    })
    expect(stop.body).toEqual({ accepted: true })
    expect((await runOf(runId)).state).toBe('stopping')
    const ended = await fixture.waitForRunEnd(runId)
    expect(ended.state).toBe('completed')
    const stepRuns = await stepRunsOf(runId)
    expect(stepRuns).toHaveLength(1)
    expect(stepRuns[0].state).toBe('completed')
    // The input of step 1 was processed; the input created for step 2 was marked done by the stop.
    const items = await itemsOf(runId)
    expect(items.map((item: { state: string }) => item.state)).toEqual(['done', 'done'])
  })

  it('stops a run right after its start (before or while its only step runs)', async () => {
    const runId = await start(processId, [{}])
    const stop = await api('POST', `/workspaces/${ws()}/process-runs/${runId}/stop`, {
      body: {
        set_remaining_work_items_as_done: false,
        terminate_ongoing_activity_runs: false,
      },
    })
    expect(stop.body).toEqual({ accepted: true })
    const ended = await fixture.waitForRunEnd(runId)
    // Whether the runner had started the step when the stop arrived is a race: either the item
    // was never processed (failed by the stop, run unresolved) or the step finished it (completed).
    const [item] = await itemsOf(runId)
    const steps = await stepRunsOf(runId)
    if (steps.length === 0) {
      expect(ended.state).toBe('unresolved')
      expect(item.exception).toMatchObject({ type: 'orchestrator' })
    } else expect(ended.state).toBe(item.state === 'done' ? 'completed' : 'unresolved')
  })
})
