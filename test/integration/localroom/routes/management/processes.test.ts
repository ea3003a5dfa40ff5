/** Processes through the management API: create, list, get, edit, delete, and their validation. */
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { beforeAll, describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../../src/localroom/db/db'
import { specExists, specResponseSchema, validateAgainstSpec, waitFor } from '../../../../support/localroom'
import { writeTestRobot } from '../../../../support/localroom-test-robot'
import { isErrorBody, roomFixture } from '../../../../support/room-fixture'

const fixture = roomFixture({ mode: 'in-process' })
const { ws, api, manage, waitForRunEnd } = fixture

let robotId: string
let echoRobotId: string

beforeAll(async () => {
  const robots = await writeTestRobot(fixture.dir)
  const imported = await manage('POST', `/workspaces/${ws()}/robots`, { path: join(robots, 'test-robot') })
  expect(imported.status, JSON.stringify(imported.body)).toBe(200)
  robotId = imported.body.id
  const list = await manage('GET', `/workspaces/${ws()}/robots`)
  echoRobotId = list.body.data.find((robot: { folder: string }) => robot.folder === 'echo-payload').id
})

const processesPath = () => `/workspaces/${ws()}/processes`

/** The default step settings, with the file contract the test robots use. */
const FILE_STEP = { wait_for_previous: true, parallel_executions: 1, env: {}, work_item_adapter: 'file' }

describe('managed processes', () => {
  let processId: string

  it('creates a two-step process with a default payload and a timeout', async () => {
    const created = await manage('POST', processesPath(), {
      name: 'Two steps',
      // Both robots read and write the file contract.
      steps: [
        { robot_id: robotId, task: 'Run', name: 'First', work_item_adapter: 'file' },
        { robot_id: echoRobotId, task: 'Echo payload', work_item_adapter: 'file' },
      ],
      default_payload: { from: 'default' },
      timeout_seconds: 120,
    })
    expect(created.status, JSON.stringify(created.body)).toBe(200)
    expect(created.body).toEqual({
      id: expect.any(String),
      workspace_id: ws(),
      name: 'Two steps',
      steps: [
        {
          id: expect.any(String),
          name: 'First',
          robot_id: robotId,
          robot_name: 'test-robot',
          task: 'Run',
          ...FILE_STEP,
        },
        {
          id: expect.any(String),
          name: 'Echo payload',
          robot_id: echoRobotId,
          robot_name: 'echo-payload',
          task: 'Echo payload',
          ...FILE_STEP,
        },
      ],
      default_payload: { from: 'default' },
      timeout_seconds: 120,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    })
    processId = created.body.id
    const db = new DatabaseSync(join(fixture.dataDir, DB_FILE), { readOnly: true })
    try {
      expect(db.prepare('SELECT timeout_seconds FROM processes WHERE id = ?').get(processId)).toEqual({
        timeout_seconds: 120,
      })
    } finally {
      db.close()
    }
  })

  it('lists it through API v1 in the spec shape, and runs it with its default payload', async () => {
    const list = await api('GET', processesPath())
    expect(list.status).toBe(200)
    if (specExists)
      expect(
        validateAgainstSpec(
          specResponseSchema('GET', '/workspaces/{workspace_id}/processes', 200),
          list.body,
        ),
      ).toEqual([])
    expect(list.body.data.map((p: { name: string }) => p.name)).toContain('Two steps')
    const start = await api('POST', `${processesPath()}/${processId}/process-runs`)
    const run = await waitForRunEnd(start.body.id)
    expect(run.state).toBe('completed')
    const outputs = await api('GET', `/workspaces/${ws()}/process-runs/${start.body.id}/outputs`)
    expect(outputs.body.data.map((o: { payload: unknown }) => o.payload)).toEqual([{ from: 'default' }])
  })

  it('gets and lists processes with their steps', async () => {
    const got = await manage('GET', `${processesPath()}/${processId}`)
    expect(got.status).toBe(200)
    expect(got.body.steps).toHaveLength(2)
    const list = await manage('GET', processesPath())
    expect(list.body.data.find((p: { id: string }) => p.id === processId)).toEqual(got.body)
    expect((await manage('GET', `${processesPath()}/nope`)).status).toBe(404)
  })

  it('edits name, payload and timeout, and replaces steps (a kept step keeps its id)', async () => {
    const before = (await manage('GET', `${processesPath()}/${processId}`)).body
    const edited = await manage('PATCH', `${processesPath()}/${processId}`, {
      name: 'Renamed',
      default_payload: null,
      timeout_seconds: null,
      steps: [{ robot_id: robotId, task: 'Run', name: 'Only step', work_item_adapter: 'file' }],
    })
    expect(edited.status, JSON.stringify(edited.body)).toBe(200)
    expect(edited.body).toMatchObject({ name: 'Renamed', default_payload: null, timeout_seconds: null })
    expect(edited.body.steps).toEqual([{ ...before.steps[0], name: 'Only step' }])
    // The removed step's past step run still reads.
    const runs = await api('GET', `/workspaces/${ws()}/process-runs?process_id=${processId}`)
    const stepRuns = await api('GET', `/workspaces/${ws()}/step-runs?process_run_id=${runs.body.data[0].id}`)
    expect(stepRuns.body.data.map((s: { step: { name: string } }) => s.step.name).sort()).toEqual([
      'Echo payload',
      'Only step',
    ])
    const swapped = await manage('PATCH', `${processesPath()}/${processId}`, {
      steps: [{ robot_id: echoRobotId }, { robot_id: robotId }],
    })
    expect(swapped.status, JSON.stringify(swapped.body)).toBe(200)
    expect(swapped.body.steps.map((s: { task: string }) => s.task)).toEqual(['Echo payload', 'Run'])
    expect(swapped.body.steps[0].id).not.toBe(before.steps[0].id)
  })

  it.each([
    [{ name: 'x', steps: [] }, /"steps"/],
    [{ steps: [{ robot_id: 'r' }] }, /"name"/],
    [
      { name: 'x', steps: [{ robot_id: 'no-such-robot', task: 'Run' }] },
      /"steps.0.robot_id": step 1: unknown robot no-such-robot/,
    ],
    [
      {
        name: 'x',
        steps: [
          { robot_id: 'ROBOT', task: 'Run' },
          { robot_id: 'ROBOT', task: 'Nope' },
        ],
      },
      /"steps.1.task": step 2: robot test-robot: the robot has no task "Nope" \(tasks: Run\)/,
    ],
    [{ name: 'x', steps: [{ robot_id: 'ROBOT' }], timeout_seconds: 0 }, /"timeout_seconds"/],
    [{ name: 'x', steps: [{ robot_id: 'ROBOT' }], timeout_seconds: 1.5 }, /"timeout_seconds"/],
  ])('refuses %j with a 400 naming the field', async (body, message) => {
    const text = JSON.stringify(body).replaceAll('ROBOT', robotId)
    const response = await manage('POST', processesPath(), JSON.parse(text))
    expect(response.status).toBe(400)
    expect(isErrorBody(response.body)).toBe(true)
    expect(response.body.error.message).toMatch(message)
  })

  it('refuses an empty edit', async () => {
    const response = await manage('PATCH', `${processesPath()}/${processId}`, {})
    expect(response.status).toBe(400)
  })

  it('refuses to delete or re-step a process with a run in progress (409), then deletes it', async () => {
    await manage('PATCH', `${processesPath()}/${processId}`, { steps: [{ robot_id: robotId }] })
    const start = await api('POST', `${processesPath()}/${processId}/process-runs`, {
      body: { type: 'with_payloads', payloads: [{ mode: 'sleep', ms: 30_000 }] },
    })
    expect(start.status).toBe(200)
    await waitFor(
      async () =>
        (await api('GET', `/workspaces/${ws()}/process-runs/${start.body.id}`)).body.state === 'in_progress',
    )
    const refused = await manage('DELETE', `${processesPath()}/${processId}`)
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('conflict')
    expect(
      (await manage('PATCH', `${processesPath()}/${processId}`, { steps: [{ robot_id: echoRobotId }] }))
        .status,
    ).toBe(409)
    expect(
      (await manage('PATCH', `${processesPath()}/${processId}`, { name: 'Still renamable' })).status,
    ).toBe(200)
    const stop = await api('POST', `/workspaces/${ws()}/process-runs/${start.body.id}/stop`, {
      body: { set_remaining_work_items_as_done: false, terminate_ongoing_activity_runs: true },
    })
    expect(stop.status).toBe(200)
    await waitForRunEnd(start.body.id)
    const deleted = await manage('DELETE', `${processesPath()}/${processId}`)
    expect(deleted.body).toEqual({ id: processId, deleted: true })
    expect((await manage('GET', `${processesPath()}/${processId}`)).status).toBe(404)
    expect((await api('GET', `/workspaces/${ws()}/process-runs/${start.body.id}`)).status).toBe(404)
  })
})
