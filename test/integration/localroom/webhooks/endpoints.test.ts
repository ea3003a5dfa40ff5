/**
 * Where the room sends: http(s) only; link-local and cloud metadata addresses refused when a webhook
 * or callback is stored and again when the sender connects (an address that changed after it was
 * stored), unless the room allows them.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { type LocalRoom, startLocalRoom } from '../../../../src/localroom/server'
import { callApi, waitFor } from '../../../support/localroom'
import { insertTestProcess } from '../../../support/localroom-test-robot'
import { startReceiver, type WebhookReceiver } from '../../../support/webhook-receiver'

let dir: string
let room: LocalRoom
let permissive: LocalRoom
let processId: string
let hooks: WebhookReceiver

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-webhook-endpoints-'))
  room = await startLocalRoom({ dataDir: join(dir, 'strict'), issueBootstrapKey: true })
  permissive = await startLocalRoom({
    dataDir: join(dir, 'permissive'),
    issueBootstrapKey: true,
    allowLinkLocalWebhooks: true,
  })
  processId = insertTestProcess(join(dir, 'strict'), room.workspaceId, 'Quick', 0)
  hooks = await startReceiver()
})

afterAll(async () => {
  await room?.close()
  await permissive?.close()
  await hooks?.close()
  await rm(dir, { recursive: true, force: true })
})

const api = (target: LocalRoom, method: string, path: string, body?: unknown) =>
  callApi(target.url, method, `/workspaces/${target.workspaceId}${path}`, {
    key: target.bootstrap?.api_key as string,
    ...(body === undefined ? {} : { body }),
  })

const REFUSED = [
  'http://169.254.169.254/latest/meta-data/',
  'http://169.254.1.1:8080/hook',
  'http://[fe80::1]/hook',
  'http://[::ffff:169.254.169.254]/hook',
  'http://[fd00:ec2::254]/latest',
  'http://100.100.100.200/latest',
  'http://metadata.google.internal/computeMetadata/v1/',
  'https://user:password@hooks.example.com/hook',
]

describe('webhook endpoints', () => {
  it.each(REFUSED)('refuses %s as a webhook endpoint, naming the field', async (endpoint) => {
    const answer = await api(room, 'POST', '/webhooks', {
      endpoint,
      enabled_events: ['process_run.completed'],
      process: { id: processId },
    })
    expect(answer.status).toBe(400)
    expect(answer.body.error.message).toMatch(/"endpoint"/)
  })

  it('refuses a link-local callback in the start body', async () => {
    const answer = await api(room, 'POST', `/processes/${processId}/process-runs`, {
      callback: { url: 'http://169.254.169.254/x', secret: 's', callback_events: ['completed'] },
    })
    expect(answer.status).toBe(400)
    expect(answer.body.error.message).toMatch(/"callback\.url"/)
    const notHttp = await api(room, 'POST', `/processes/${processId}/process-runs`, {
      callback: { url: 'file:///etc/passwd', secret: 's', callback_events: ['completed'] },
    })
    expect(notHttp.status).toBe(400)
  })

  it('accepts them in a room started with allowLinkLocalWebhooks', async () => {
    const otherProcess = insertTestProcess(join(dir, 'permissive'), permissive.workspaceId, 'Quick', 0)
    const answer = await api(permissive, 'POST', '/webhooks', {
      endpoint: 'http://169.254.169.254/hook',
      enabled_events: ['process_run.completed'],
      process: { id: otherProcess },
    })
    expect(answer.status).toBe(200)
  })

  it('refuses to connect to an endpoint that has become link-local since it was stored', async () => {
    const created = await api(room, 'POST', '/webhooks', {
      endpoint: hooks.url,
      enabled_events: ['process_run.completed'],
      process: { id: processId },
    })
    expect(created.status).toBe(200)
    // What a DNS change would do to a stored name, done to the stored address itself.
    const db = new DatabaseSync(join(dir, 'strict', DB_FILE), { timeout: 5000 })
    try {
      db.prepare('UPDATE webhooks SET endpoint = ? WHERE id = ?').run(
        'http://169.254.169.254/hook',
        created.body.id,
      )
    } finally {
      db.close()
    }
    await api(room, 'POST', `/processes/${processId}/process-runs`)
    const log = await waitFor(async () => {
      const page = await api(room, 'GET', `/webhooks/${created.body.id}/attempts`)
      return page.body.data.length > 0 ? page.body.data : undefined
    })
    expect(log[0]).toMatchObject({ status: null })
    expect(log[0].error).toMatch(
      /refused to connect: 169\.254\.169\.254 is a link-local or cloud metadata address/,
    )
    expect(hooks.deliveries).toHaveLength(0)
  })
})
