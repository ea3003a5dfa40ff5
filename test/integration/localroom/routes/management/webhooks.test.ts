/**
 * Updating a webhook through the management API (PATCH, as Control Room's webhook view edits one)
 * over real HTTP, with real receivers on 127.0.0.1: a new endpoint takes the retries of an event
 * still pending, new events replace the old, the secret stays, disabling by hand stops deliveries
 * and says why, enabling again resumes them from then on; bad changes are 400s naming the field.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalRoom, startLocalRoom } from '../../../../../src/localroom/server'
import { DISABLED_BY_OWNER } from '../../../../../src/localroom/webhooks/webhook-store'
import { signedRequest } from '../../../../support/credential-client'
import { callApi, waitFor } from '../../../../support/localroom'
import { insertTestProcess } from '../../../../support/localroom-test-robot'
import { startReceiver, type WebhookReceiver } from '../../../../support/webhook-receiver'

let dir: string
let room: LocalRoom
let failing: WebhookReceiver
let working: WebhookReceiver
let processId: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-managed-webhooks-'))
  room = await startLocalRoom({
    dataDir: dir,
    issueBootstrapKey: true,
    webhookDelivery: { retry: { baseMs: 200, jitter: 0 } },
  })
  failing = await startReceiver(() => 500)
  working = await startReceiver(() => 200)
  processId = insertTestProcess(dir, room.workspaceId, 'Quick', 0)
})

afterAll(async () => {
  await room?.close()
  await failing?.close()
  await working?.close()
  await rm(dir, { recursive: true, force: true })
})

const path = (rest = '') => `/management-v1/workspaces/${room.workspaceId}/webhooks${rest}`
const manage = (method: string, rest: string, body?: unknown) =>
  signedRequest(new URL(room.url).origin, room.bootstrap?.user_credential as string, method, path(rest), body)

/** Starts a run of the quick process (no steps: it ends at once, sending started and completed). */
const runOnce = async () => {
  const started = await callApi(
    room.url,
    'POST',
    `/workspaces/${room.workspaceId}/processes/${processId}/process-runs`,
    {
      key: room.bootstrap?.api_key as string,
    },
  )
  expect(started.status).toBe(200)
}

describe('PATCH a webhook (management API)', () => {
  it('moves it and its pending retries to a new endpoint, changes its events, keeps its secret', async () => {
    const created = await manage('POST', '', {
      endpoint: failing.url,
      enabled_events: ['process_run.completed'],
    })
    expect(created.status).toBe(200)
    const hook = created.body
    await runOnce()
    const [first] = await failing.waitForCount(1)

    const moved = await manage('PATCH', `/${hook.id}`, {
      endpoint: working.url,
      enabled_events: ['process_run.completed', 'robot_run_event'],
    })
    expect(moved.status).toBe(200)
    expect(moved.body).toEqual({
      id: hook.id,
      process: null,
      endpoint: working.url,
      enabled_events: ['process_run.completed', 'robot_run_event'],
      enabled: true,
      disabled_at: null,
      disabled_reason: null,
    })
    expect(moved.text).not.toContain(hook.secret)
    // The event that failed at the old endpoint is retried at the new one: same id, same bytes.
    const [retried] = await working.waitForCount(1)
    expect(retried?.body.id).toBe(first?.body.id)
    expect(retried?.raw.equals(first?.raw as Buffer)).toBe(true)
    expect((await manage('GET', `/${hook.id}`)).body.secret).toBe(hook.secret)
    await manage('DELETE', `/${hook.id}`)
  })

  it('is disabled by hand (nothing sent, the reason shown) and enabled again (sent from then on)', async () => {
    const hook = (
      await manage('POST', '', { endpoint: working.url, enabled_events: ['process_run.completed'] })
    ).body
    const off = await manage('PATCH', `/${hook.id}`, { enabled: false })
    expect(off.body).toMatchObject({ enabled: false, disabled_reason: DISABLED_BY_OWNER })
    expect(Date.parse(off.body.disabled_at)).not.toBeNaN()
    const listed = (await manage('GET', '')).body.data.find((h: { id: string }) => h.id === hook.id)
    expect(listed).toMatchObject({ enabled: false, disabled_reason: DISABLED_BY_OWNER })

    await runOnce()
    await waitFor(async () => {
      const runs = await callApi(room.url, 'GET', `/workspaces/${room.workspaceId}/process-runs`, {
        key: room.bootstrap?.api_key as string,
      })
      return runs.body.data.every((run: { state: string }) => run.state === 'completed')
    })
    expect((await manage('GET', `/${hook.id}/deliveries`)).body.data).toEqual([])

    const on = await manage('PATCH', `/${hook.id}`, { enabled: true })
    expect(on.body).toMatchObject({ enabled: true, disabled_at: null, disabled_reason: null })
    const before = working.deliveries.length
    await runOnce()
    const received = await working.waitForCount(before + 1)
    expect(received.at(-1)?.body.event).toBe('process_run.completed')
    await manage('DELETE', `/${hook.id}`)
  })

  it('refuses bad changes with a 400 naming the field, and an unknown webhook with a 404', async () => {
    const hook = (
      await manage('POST', '', { endpoint: working.url, enabled_events: ['process_run.started'] })
    ).body
    const refused = async (body: unknown) => {
      const answer = await manage('PATCH', `/${hook.id}`, body)
      expect(answer.status).toBe(400)
      return answer.body.error.message as string
    }
    expect(await refused({ endpoint: 'ftp://example.com/hook' })).toBe(
      'Invalid request body field "endpoint": expected an http or https URL',
    )
    expect(await refused({ endpoint: 'http://169.254.169.254/latest' })).toMatch(
      /^Invalid request body field "endpoint": .*link-local/,
    )
    expect(await refused({ enabled_events: [] })).toMatch(/^Invalid request body field "enabled_events"/)
    expect(await refused({ enabled_events: ['process_run.nope'] })).toMatch(/"enabled_events\.0"/)
    expect(await refused({})).toMatch(/give "endpoint", "enabled_events" or "enabled"/)
    // Nothing of a refused change was kept.
    expect((await manage('GET', `/${hook.id}`)).body).toMatchObject({
      endpoint: working.url,
      enabled_events: ['process_run.started'],
    })
    const missing = await manage('PATCH', '/no-such-webhook', { enabled: true })
    expect(missing.status).toBe(404)
    expect(missing.body.error.message).toBe('Webhook no-such-webhook not found')
  })
})
