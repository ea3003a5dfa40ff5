/**
 * The process editor's commands (room.processes, room.setStepSettings) through the core's
 * dispatcher, against a real local Control Room (spawned): the settings read and changed through
 * the room's management API with the owner credential, what the room then holds (read back by the
 * test, signed by itself), and bad input refused with a readable error and nothing changed.
 */
import { type AddressInfo, createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../../src/main/core/core'
import type { BridgeResult } from '../../../../src/shared/bridge'
import type { RoomProcess } from '../../../../src/shared/room-admin'
import { signedRequest } from '../../../support/credential-client'
import { type SpawnedLocalRoom, spawnLocalRoom } from '../../../support/localroom'
import { commandsOf, createTestCore, whileRunning } from '../../../support/test-core'

let room: SpawnedLocalRoom
let core: Core
let credential: string
/** A two-step process the tests edit: its id and its steps' ids as created. */
let twoSteps: { id: string; stepIds: string[] }

const processesPath = () => `/management-v1/workspaces/${room.bootstrap.workspace_id}/processes`
const manage = (method: string, path: string, body?: unknown) =>
  signedRequest(new URL(room.bootstrap.url).origin, credential, method, path, body)

/** The process as the room holds it, read by the test itself. */
async function roomProcess(id: string) {
  const got = await manage('GET', `${processesPath()}/${id}`)
  expect(got.status).toBe(200)
  return got.body
}

beforeAll(async () => {
  room = await spawnLocalRoom()
  credential = room.bootstrap.user_credential as string
  core = await createTestCore()
  await core.connectLocalRoom(room.bootstrap)
  const robots = await manage('GET', `/management-v1/workspaces/${room.bootstrap.workspace_id}/robots`)
  const echo = robots.body.data.find((robot: { name: string }) => robot.name === 'echo-payload')
  const created = await manage('POST', processesPath(), {
    name: 'Two steps',
    steps: [
      { robot_id: echo.id, name: 'Produce' },
      { robot_id: echo.id, name: 'Consume', env: { KEPT: 'yes' } },
    ],
  })
  expect(created.status).toBe(200)
  twoSteps = { id: created.body.id, stepIds: created.body.steps.map((s: { id: string }) => s.id) }
})

afterAll(async () => {
  await core?.close()
  await room?.stop()
})

const dispatch = (name: string, request: unknown) =>
  core.dispatch(name, request) as Promise<BridgeResult<RoomProcess & RoomProcess[]>>

const { failure } = commandsOf(() => core)

const consume = (settings: Record<string, unknown>) => ({
  connectionId: 'local',
  processId: twoSteps.id,
  stepId: twoSteps.stepIds[1],
  settings: { waitForPrevious: true, parallelExecutions: 1, env: {}, ...settings },
})

describe('room.processes', () => {
  it('lists the room’s processes with their steps and settings', async () => {
    const result = await dispatch('room.processes', { connectionId: 'local' })
    if (!result.ok) throw new Error(result.error.message)
    expect(result.value.map((p) => p.name)).toEqual(
      expect.arrayContaining(['Echo payload', 'Sales report', 'Long job', 'Two steps']),
    )
    const echo = result.value.find((p) => p.name === 'Echo payload')
    expect(echo?.steps).toEqual([
      {
        id: expect.any(String),
        name: 'Echo payload',
        robotName: 'echo-payload',
        task: 'Echo payload',
        waitForPrevious: true,
        parallelExecutions: 1,
        env: {},
      },
    ])
    const two = result.value.find((p) => p.id === twoSteps.id)
    expect(two?.steps.map((s) => [s.id, s.name, s.env])).toEqual([
      [twoSteps.stepIds[0], 'Produce', {}],
      [twoSteps.stepIds[1], 'Consume', { KEPT: 'yes' }],
    ])
  })

  it('refuses a connection that is not the local room, without a request to it', async () => {
    await core.connections.save({
      id: 'cloud-1',
      name: 'Finance',
      kind: 'cloud',
      apiUrl: 'https://cr.example.invalid/api/v1',
      workspaceId: 'ws',
      apiKey: 'k',
    })
    const error = await failure('room.processes', { connectionId: 'cloud-1' })
    expect(error).toEqual({
      code: 'room_admin_unavailable',
      message: expect.stringContaining('“Finance” is not the local Control Room'),
    })
    expect((await failure('room.processes', { connectionId: 'nope' })).code).toBe('unknown_connection')
  })

  it('refuses the local room without an owner credential, and says when the room does not answer', async () => {
    const bare = await createTestCore()
    try {
      await bare.connections.save({
        id: 'local',
        name: 'Local Control Room',
        kind: 'local',
        apiUrl: room.bootstrap.url,
        workspaceId: room.bootstrap.workspace_id,
        apiKey: room.bootstrap.api_key,
      })
      const result = await bare.dispatch('room.processes', { connectionId: 'local' })
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'room_admin_unavailable',
          message:
            'Robodeck holds no owner credential for the local Control Room, so it cannot manage the room’s processes, keys or credentials.',
        },
      })
      // With the credential, but the room gone from its port: unreachable, and the credential not in the message.
      const closedPort = await new Promise<number>((resolve) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as AddressInfo
          server.close(() => resolve(port))
        })
      })
      await bare.connections.save({
        id: 'local',
        name: 'Local Control Room',
        kind: 'local',
        apiUrl: `http://127.0.0.1:${closedPort}/api/v1`,
        workspaceId: room.bootstrap.workspace_id,
        apiKey: room.bootstrap.api_key,
        userCredential: credential,
      })
      expect(await bare.dispatch('room.processes', { connectionId: 'local' })).toEqual({
        ok: false,
        error: {
          code: 'unreachable',
          message: `Cannot reach the local Control Room at http://127.0.0.1:${closedPort} (ECONNREFUSED).`,
        },
      })
    } finally {
      await bare.close()
    }
  })
})

describe('room.setStepSettings', () => {
  it('changes one step’s settings; the room keeps them, the other step and every step id', async () => {
    const result = await dispatch(
      'room.setStepSettings',
      consume({ waitForPrevious: false, parallelExecutions: 3, env: { GREETING: 'hi there', MODE: 'fast' } }),
    )
    if (!result.ok) throw new Error(result.error.message)
    expect(result.value.steps[1]).toMatchObject({
      id: twoSteps.stepIds[1],
      waitForPrevious: false,
      parallelExecutions: 3,
      env: { GREETING: 'hi there', MODE: 'fast' },
    })
    const held = await roomProcess(twoSteps.id)
    expect(held.steps.map((s: { id: string }) => s.id)).toEqual(twoSteps.stepIds)
    expect(held.steps[0]).toMatchObject({
      name: 'Produce',
      wait_for_previous: true,
      parallel_executions: 1,
      env: {},
    })
    expect(held.steps[1]).toMatchObject({
      name: 'Consume',
      wait_for_previous: false,
      parallel_executions: 3,
      env: { GREETING: 'hi there', MODE: 'fast' },
      // Not edited here: the bundled robot's file contract stays.
      work_item_adapter: 'file',
    })
    // The list reads the same.
    const listed = await dispatch('room.processes', { connectionId: 'local' })
    if (!listed.ok) throw new Error(listed.error.message)
    expect(listed.value.find((p) => p.id === twoSteps.id)?.steps[1]?.parallelExecutions).toBe(3)
  })

  it.each([
    [{ parallelExecutions: 0 }, 'Step 2 “Consume”: Parallel executions: from 1 to 20.'],
    [{ parallelExecutions: 21 }, 'Step 2 “Consume”: Parallel executions: from 1 to 20.'],
    [
      { env: { OK: '1', '1BAD': 'x' } },
      'Step 2 “Consume”: variable “1BAD”: a variable name: letters, digits and _, not starting with a digit.',
    ],
    [
      { env: { RC_WORKSPACE_ID: 'x' } },
      'Step 2 “Consume”: variable “RC_WORKSPACE_ID”: RC_*, ROBOT_ROOT and ROBOT_ARTIFACTS are set by the room.',
    ],
  ])('refuses %j with a readable error and changes nothing', async (settings, message) => {
    const before = await roomProcess(twoSteps.id)
    const error = await failure('room.setStepSettings', consume(settings))
    expect(error).toEqual({ code: 'invalid_step_settings', message, status: 400 })
    expect(error.message).not.toContain(credential.split(':')[1] as string)
    expect(await roomProcess(twoSteps.id)).toEqual(before)
  })

  it('refuses to overwrite a process changed since the editor showed it', async () => {
    const shown = await roomProcess(twoSteps.id)
    const renamed = await manage('PATCH', `${processesPath()}/${twoSteps.id}`, { name: 'Two steps, renamed' })
    expect(renamed.status).toBe(200)
    const error = await failure('room.setStepSettings', {
      ...consume({ parallelExecutions: 5 }),
      updatedAt: shown.updated_at,
    })
    expect(error).toEqual({
      code: 'process_changed',
      message:
        'The process “Two steps, renamed” was changed elsewhere since it was shown: reload it, then make the change again.',
    })
    const held = await roomProcess(twoSteps.id)
    expect(held.steps[1].parallel_executions).not.toBe(5)
    // With the current updatedAt it goes through.
    const saved = await dispatch('room.setStepSettings', {
      ...consume({ parallelExecutions: 5 }),
      updatedAt: held.updated_at,
    })
    expect(saved.ok).toBe(true)
    expect((await roomProcess(twoSteps.id)).steps[1].parallel_executions).toBe(5)
  })

  it('refuses an unknown step or process, and a request outside the contract', async () => {
    const step = await failure('room.setStepSettings', { ...consume({}), stepId: 'no-such-step' })
    expect(step).toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/^The process “Two steps.*” has no such step any more; reload it\.$/),
    })
    const process = await failure('room.setStepSettings', { ...consume({}), processId: 'no-such-process' })
    expect(process).toMatchObject({ code: 'not_found', status: 404 })
    const shape = await failure('room.setStepSettings', consume({ parallelExecutions: 1.5 }))
    expect(shape.code).toBe('invalid_request')
  })

  it('says the process is busy while one of its runs has not ended', async () => {
    const listed = await dispatch('room.processes', { connectionId: 'local' })
    if (!listed.ok) throw new Error(listed.error.message)
    const longJob = listed.value.find((p) => p.name === 'Long job') as RoomProcess
    await whileRunning(core, longJob.id, async () => {
      const error = await failure('room.setStepSettings', {
        connectionId: 'local',
        processId: longJob.id,
        stepId: longJob.steps[0]?.id,
        settings: { waitForPrevious: true, parallelExecutions: 2, env: {} },
      })
      expect(error).toEqual({
        code: 'process_busy',
        message: expect.stringMatching(/^The process has 1 run\(s\) in progress/),
        status: 409,
      })
    })
  })
})
