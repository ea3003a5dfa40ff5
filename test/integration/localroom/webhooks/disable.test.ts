/**
 * A webhook that keeps failing is disabled after DISABLE_AFTER_MS (3 days) without a success, and
 * says so; nothing more is queued for it; a test event that gets through enables it again. The days
 * pass on the sender's injectable clock; the receiver and the room are real.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalRoom, startLocalRoom } from '../../../../src/localroom/server'
import { DISABLE_AFTER_MS } from '../../../../src/localroom/webhooks/delivery-policy'
import { callApi, waitFor } from '../../../support/localroom'
import { insertTestProcess } from '../../../support/localroom-test-robot'
import { startReceiver, type WebhookReceiver } from '../../../support/webhook-receiver'

let dir: string
let room: LocalRoom
let hooks: WebhookReceiver
let offsetMs = 0

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-webhook-disable-'))
  room = await startLocalRoom({
    dataDir: dir,
    issueBootstrapKey: true,
    webhookDelivery: { now: () => Date.now() + offsetMs, retry: { baseMs: 50 } },
  })
  hooks = await startReceiver(() => 500)
})

afterAll(async () => {
  await room?.close()
  await hooks?.close()
  await rm(dir, { recursive: true, force: true })
})

const api = (method: string, path: string, body?: unknown) =>
  callApi(room.url, method, `/workspaces/${room.workspaceId}${path}`, {
    key: room.bootstrap?.api_key as string,
    ...(body === undefined ? {} : { body }),
  })

describe('a webhook failing for days', () => {
  it('is disabled and says why, gets nothing more, and is enabled again by a test event that gets through', async () => {
    const processId = insertTestProcess(dir, room.workspaceId, 'Quick', 0)
    const hook = (
      await api('POST', '/webhooks', {
        endpoint: hooks.url,
        enabled_events: ['process_run.completed'],
        process: { id: processId },
      })
    ).body
    expect(hook.enabled).toBe(true)
    await api('POST', `/processes/${processId}/process-runs`)
    await hooks.waitForCount(2)
    // Still enabled after failing for a while.
    expect((await api('GET', `/webhooks/${hook.id}`)).body.enabled).toBe(true)

    offsetMs = DISABLE_AFTER_MS + 60_000
    await api('POST', `/processes/${processId}/process-runs`)
    const disabled = await waitFor(async () => {
      const got = await api('GET', `/webhooks/${hook.id}`)
      return got.body.enabled === false ? got.body : undefined
    })
    expect(disabled.disabled_reason).toMatch(/every delivery failed for 3 days/)
    expect(Date.parse(disabled.disabled_at)).not.toBeNaN()
    const listed = (await api('GET', '/webhooks')).body.data.find((h: { id: string }) => h.id === hook.id)
    expect(listed).toMatchObject({ enabled: false, disabled_reason: disabled.disabled_reason })
    const deliveries = (await api('GET', `/webhooks/${hook.id}/deliveries`)).body.data
    expect(deliveries.every((d: { state: string }) => d.state === 'failed')).toBe(true)

    // Nothing is queued for a disabled webhook.
    const before = deliveries.length
    const runId = (await api('POST', `/processes/${processId}/process-runs`)).body.id
    await waitFor(async () => (await api('GET', `/process-runs/${runId}`)).body.state === 'completed')
    expect((await api('GET', `/webhooks/${hook.id}/deliveries`)).body.data).toHaveLength(before)

    hooks.answer(() => 200)
    const received = hooks.deliveries.length
    expect((await api('POST', `/webhooks/${hook.id}/test`)).status).toBe(200)
    await hooks.waitForCount(received + 1)
    const enabled = await waitFor(async () => {
      const got = await api('GET', `/webhooks/${hook.id}`)
      return got.body.enabled === true ? got.body : undefined
    })
    expect(enabled).toMatchObject({ disabled_at: null, disabled_reason: null })
  })
})
