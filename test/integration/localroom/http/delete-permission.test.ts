/**
 * deleteProcessRun's permission over real HTTP. The official spec guards it with
 * `Processes.read_runs`, a read permission: by default the room keeps that, for compatibility (a
 * documented difference from what a careful reader expects). Started with
 * `--strict-delete-permission` (the CLI, as a user would), it also asks for
 * `Processes.write_work_items`, and says so in its OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiResponse,
  callApi,
  type SpawnedLocalRoom,
  spawnLocalRoom,
  waitFor,
} from '../../../support/localroom'
import { roomFixture } from '../../../support/room-fixture'
import { keyMaker } from '../../../support/room-routes'

interface Room {
  url: string
  workspaceId: string
  bootstrapKey: string
}

/** Starts a run of the seeded Echo payload process with the bootstrap key and waits for it to end. */
async function endedRun(room: Room): Promise<string> {
  const call = (method: string, path: string, body?: unknown) =>
    callApi(room.url, method, path, { key: room.bootstrapKey, ...(body === undefined ? {} : { body }) })
  const processes = await call('GET', `/workspaces/${room.workspaceId}/processes`)
  const echo = (processes.body.data as { id: string; name: string }[]).find((p) => p.name === 'Echo payload')
  const started = await call('POST', `/workspaces/${room.workspaceId}/processes/${echo?.id}/process-runs`, {
    type: 'with_payloads',
    payloads: [{ keep: 'me' }],
  })
  expect(started.status).toBe(200)
  const runId = started.body.id as string
  await waitFor(
    async () =>
      ['completed', 'unresolved'].includes(
        (await call('GET', `/workspaces/${room.workspaceId}/process-runs/${runId}`)).body.state,
      ),
    { timeoutMs: 20_000 },
  )
  return runId
}

const deleteRun = (room: Room, runId: string, key: string): Promise<ApiResponse> =>
  callApi(room.url, 'DELETE', `/workspaces/${room.workspaceId}/process-runs/${runId}`, { key })
const runExists = async (room: Room, runId: string) =>
  (
    await callApi(room.url, 'GET', `/workspaces/${room.workspaceId}/process-runs/${runId}`, {
      key: room.bootstrapKey,
    })
  ).status === 200

describe('deleteProcessRun by default (as the official spec has it)', () => {
  const fixture = roomFixture({ mode: 'in-process' })

  it('lets a key with only Processes.read_runs delete a run', async () => {
    const room = {
      url: fixture.room.url,
      workspaceId: fixture.room.workspaceId,
      bootstrapKey: fixture.room.bootstrap?.api_key as string,
    }
    const keys = keyMaker(fixture.dataDir, room.workspaceId)
    try {
      const runId = await endedRun(room)
      const response = await deleteRun(room, runId, keys.create(['Processes.read_runs']))
      expect(response.status).toBe(200)
      expect(response.body).toEqual({ id: runId, deleted: true })
      expect(await runExists(room, runId)).toBe(false)
    } finally {
      keys.close()
    }
  })
})

describe('deleteProcessRun with --strict-delete-permission', () => {
  let spawned: SpawnedLocalRoom
  let room: Room
  let keys: ReturnType<typeof keyMaker>

  beforeAll(async () => {
    spawned = await spawnLocalRoom({ extraArgs: ['--strict-delete-permission'] })
    room = {
      url: spawned.bootstrap.url,
      workspaceId: spawned.bootstrap.workspace_id,
      bootstrapKey: spawned.bootstrap.api_key,
    }
    keys = keyMaker(spawned.dataDir, room.workspaceId)
  })

  afterAll(async () => {
    keys?.close()
    await spawned?.stop()
  })

  it('refuses a key with only Processes.read_runs, naming the missing permission, and deletes nothing', async () => {
    const runId = await endedRun(room)
    const readOnly = await deleteRun(room, runId, keys.create(['Processes.read_runs']))
    expect(readOnly.status).toBe(403)
    expect(readOnly.body.error).toEqual({
      code: 'forbidden',
      message: 'API key lacks the permission Processes.write_work_items',
    })
    const writeOnly = await deleteRun(room, runId, keys.create(['Processes.write_work_items']))
    expect(writeOnly.status).toBe(403)
    expect(writeOnly.body.error.message).toBe('API key lacks the permission Processes.read_runs')
    expect(await runExists(room, runId)).toBe(true)

    const both = await deleteRun(
      room,
      runId,
      keys.create(['Processes.read_runs', 'Processes.write_work_items']),
    )
    expect(both.status).toBe(200)
    expect(await runExists(room, runId)).toBe(false)
  })

  it('lists both permissions in its OpenAPI document', async () => {
    const origin = new URL(room.url).origin
    const document = await callApi(origin, 'GET', '/api/v1/openapi.json')
    const operation =
      document.body.paths['/api/v1/workspaces/{workspace_id}/process-runs/{process_run_id}'].delete
    expect(operation.security).toEqual([
      { 'API Key with permissions': ['Processes.read_runs', 'Processes.write_work_items'] },
    ])
    expect(operation.description).toContain('strictDeletePermission')
  })
})
