/**
 * Events the room had not delivered when it was killed (kill -9 of the spawned room process, one
 * delivery cut off mid-request and one still waiting behind it) are delivered after it starts again,
 * with the ids and signatures they had.
 */
import { createHmac } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, type SpawnedLocalRoom, spawnLocalRoom, waitFor } from '../../../support/localroom'
import { insertTestProcess } from '../../../support/localroom-test-robot'
import { startReceiver, type WebhookReceiver } from '../../../support/webhook-receiver'

let dataDir: string
let room: SpawnedLocalRoom | undefined
let hooks: WebhookReceiver

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'robodeck-webhook-restart-'))
  hooks = await startReceiver(() => 'hang')
})

afterAll(async () => {
  await room?.stop()
  await hooks?.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('webhooks across a kill -9', () => {
  it('delivers after the restart what was not delivered before it', async () => {
    room = await spawnLocalRoom({ dataDir })
    const { url, workspace_id: ws, api_key: key } = room.bootstrap
    const api = (method: string, path: string, body?: unknown) =>
      callApi(url, method, `/workspaces/${ws}${path}`, { key, ...(body === undefined ? {} : { body }) })
    const processId = insertTestProcess(dataDir, ws, 'Quick', 0)
    const hook = await api('POST', '/webhooks', {
      endpoint: hooks.url,
      enabled_events: ['process_run.completed'],
      process: { id: processId },
    })
    expect(hook.status).toBe(200)
    const first = (await api('POST', `/processes/${processId}/process-runs`)).body.id as string
    const second = (await api('POST', `/processes/${processId}/process-runs`)).body.id as string
    await waitFor(async () => (await api('GET', `/process-runs/${second}`)).body.state === 'completed')
    // The first event is on the wire (its receiver hangs); the second waits behind it.
    const [cutOff] = await hooks.waitForCount(1)
    expect(cutOff?.body.payload.processRunId).toBe(first)

    await room.kill()
    hooks.answer(() => 200)
    room = await spawnLocalRoom({ dataDir })

    await waitFor(() => hooks.deliveries.filter((d) => d.answered === 200).length >= 2, { timeoutMs: 20_000 })
    const delivered = hooks.deliveries.filter((d) => d.answered === 200)
    expect(delivered.map((d) => d.body.payload.processRunId)).toEqual([first, second])
    // The same event as before the kill: same id, same bytes, so the receiver dedupes it.
    expect(delivered[0]?.raw.equals(cutOff?.raw as Buffer)).toBe(true)
    for (const d of hooks.deliveries) {
      const expected = createHmac('sha256', hook.body.secret).update(d.raw).digest('hex')
      expect(d.headers['x-rc-signature']).toBe(expected)
    }
  }, 60_000)
})
