/**
 * Nothing written is lost when the room is killed: keys, runs, work items and run outputs written
 * before a kill -9 of the local room process are all there, unchanged, after it starts again.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedRequest } from '../../../support/credential-client'
import { callApi, type SpawnedLocalRoom, spawnLocalRoom, waitFor } from '../../../support/localroom'

let dataDir: string
let room: SpawnedLocalRoom | undefined

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'robodeck-restart-'))
})

afterAll(async () => {
  await room?.stop()
  await rm(dataDir, { recursive: true, force: true })
})

describe('local room after kill -9', () => {
  it('keeps keys, runs, work items and outputs', async () => {
    room = await spawnLocalRoom({ dataDir })
    const { url, workspace_id: ws, api_key: bootstrapKey, user_credential: credential } = room.bootstrap
    const origin = new URL(url).origin
    const api = (method: string, path: string, key: string, body?: unknown) =>
      callApi(url, method, `/workspaces/${ws}${path}`, { key, ...(body === undefined ? {} : { body }) })

    // A key made through the management API, with one permission.
    const created = await signedRequest(
      origin,
      credential as string,
      'POST',
      `/management-v1/workspaces/${ws}/api-keys`,
      {
        name: 'integration',
        permissions: ['Processes.read_runs'],
      },
    )
    expect(created.status).toBe(200)
    const integrationKey: string = created.body.value
    expect(typeof integrationKey).toBe('string')

    // A finished run with outputs, and a work item waiting in the process's input queue.
    const processId = (await api('GET', '/processes', bootstrapKey)).body.data[0].id
    const started = await api('POST', `/processes/${processId}/process-runs`, bootstrapKey, {
      type: 'with_payloads',
      payloads: [{ order: 1 }, { order: 2 }],
    })
    const runId: string = started.body.id
    await waitFor(
      async () => (await api('GET', `/process-runs/${runId}`, bootstrapKey)).body.state === 'completed',
    )
    const queued = await api('POST', '/work-items', bootstrapKey, {
      process: { id: processId },
      payload: { queued: true },
    })
    expect(queued.status).toBe(200)

    const before = {
      run: (await api('GET', `/process-runs/${runId}`, bootstrapKey)).body,
      outputs: (await api('GET', `/process-runs/${runId}/outputs`, bootstrapKey)).body.data,
      item: (await api('GET', `/work-items/${queued.body.id}`, bootstrapKey)).body,
    }
    expect(before.outputs.map((o: { payload: unknown }) => o.payload)).toEqual(
      expect.arrayContaining([{ order: 1 }, { order: 2 }]),
    )

    await room.kill()
    room = await spawnLocalRoom({ dataDir })
    const freshKey = room.bootstrap.api_key
    expect(freshKey).not.toBe(bootstrapKey)
    expect(
      (await callApi(room.bootstrap.url, 'GET', `/workspaces/${ws}`, { key: bootstrapKey })).status,
    ).toBe(401)

    // The integration key still works, with exactly its permission.
    const runs = await callApi(room.bootstrap.url, 'GET', `/workspaces/${ws}/process-runs`, {
      key: integrationKey,
    })
    expect(runs.status).toBe(200)
    expect(runs.body.data.map((r: { id: string }) => r.id)).toContain(runId)
    expect(
      (await callApi(room.bootstrap.url, 'GET', `/workspaces/${ws}/processes`, { key: integrationKey }))
        .status,
    ).toBe(403)

    const after = {
      run: (
        await callApi(room.bootstrap.url, 'GET', `/workspaces/${ws}/process-runs/${runId}`, { key: freshKey })
      ).body,
      outputs: (
        await callApi(room.bootstrap.url, 'GET', `/workspaces/${ws}/process-runs/${runId}/outputs`, {
          key: freshKey,
        })
      ).body.data,
      item: (
        await callApi(room.bootstrap.url, 'GET', `/workspaces/${ws}/work-items/${queued.body.id}`, {
          key: freshKey,
        })
      ).body,
    }
    expect(after).toEqual(before)
  })
})
