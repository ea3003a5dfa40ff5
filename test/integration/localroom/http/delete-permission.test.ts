/**
 * deleteProcessRun's permission over real HTTP. The official spec guards it with
 * `Processes.read_runs`, a read permission: by default the room keeps that, for compatibility (a
 * documented difference from what a careful reader expects). Started with
 * `--strict-delete-permission` (the CLI, as a user would), it also asks for
 * `Processes.write_work_items`, and says so in its OpenAPI document.
 */
import { describe, expect, it } from 'vitest'
import { callApi } from '../../../support/localroom'
import { type RoomFixture, roomFixture } from '../../../support/room-fixture'

/** Starts a run of the seeded Echo payload process with the bootstrap key and waits for it to end. */
async function endedRun(room: RoomFixture): Promise<string> {
  const processes = await room.wsApi('GET', '/processes')
  const echo = (processes.body.data as { id: string; name: string }[]).find((p) => p.name === 'Echo payload')
  const started = await room.wsApi('POST', `/processes/${echo?.id}/process-runs`, {
    body: { type: 'with_payloads', payloads: [{ keep: 'me' }] },
  })
  expect(started.status).toBe(200)
  await room.waitForRunEnd(started.body.id)
  return started.body.id
}

const deleteRun = (room: RoomFixture, runId: string, key: string) =>
  room.wsApi('DELETE', `/process-runs/${runId}`, { key })
const runExists = async (room: RoomFixture, runId: string) =>
  (await room.wsApi('GET', `/process-runs/${runId}`)).status === 200

describe('deleteProcessRun by default (as the official spec has it)', () => {
  const room = roomFixture({ mode: 'in-process' })

  it('lets a key with only Processes.read_runs delete a run', async () => {
    const runId = await endedRun(room)
    const response = await deleteRun(room, runId, await room.makeKey(['Processes.read_runs']))
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ id: runId, deleted: true })
    expect(await runExists(room, runId)).toBe(false)
  })
})

describe('deleteProcessRun with --strict-delete-permission', () => {
  const room = roomFixture({ mode: 'spawned', strictDeletePermission: true })

  it('refuses a key with only Processes.read_runs, naming the missing permission, and deletes nothing', async () => {
    const runId = await endedRun(room)
    const readOnly = await deleteRun(room, runId, await room.makeKey(['Processes.read_runs']))
    expect(readOnly.status).toBe(403)
    expect(readOnly.body.error).toEqual({
      code: 'forbidden',
      message: 'API key lacks the permission Processes.write_work_items',
    })
    const writeOnly = await deleteRun(room, runId, await room.makeKey(['Processes.write_work_items']))
    expect(writeOnly.status).toBe(403)
    expect(writeOnly.body.error.message).toBe('API key lacks the permission Processes.read_runs')
    expect(await runExists(room, runId)).toBe(true)

    const both = await deleteRun(
      room,
      runId,
      await room.makeKey(['Processes.read_runs', 'Processes.write_work_items']),
    )
    expect(both.status).toBe(200)
    expect(await runExists(room, runId)).toBe(false)
  })

  it('lists both permissions in its OpenAPI document', async () => {
    const document = await callApi(room.origin, 'GET', '/api/v1/openapi.json')
    const operation =
      document.body.paths['/api/v1/workspaces/{workspace_id}/process-runs/{process_run_id}'].delete
    expect(operation.security).toEqual([
      { 'API Key with permissions': ['Processes.read_runs', 'Processes.write_work_items'] },
    ])
    expect(operation.description).toContain('strictDeletePermission')
  })
})
