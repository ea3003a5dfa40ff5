/** Webhooks in API v1 (list, create, get, delete) over real HTTP, checked against the official spec. */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../../src/localroom/db/db'
import { createApiKey } from '../../../../../src/localroom/keys/keys'
import { type LocalRoom, startLocalRoom } from '../../../../../src/localroom/server'
import { signedRequest } from '../../../../support/credential-client'
import { callApi, specResponseSchema, validateAgainstSpec } from '../../../../support/localroom'
import { itWithSpec } from '../../../../support/room-fixture'

let room: LocalRoom
let dataDir: string
let key: string
let readOnlyKey: string
let ws: string
let processId: string
const logLines: string[] = []

const api = (method: string, path: string, options: Parameters<typeof callApi>[3] = {}) =>
  callApi(room.url, method, `/workspaces/${ws}${path}`, { key, ...options })

/** Bodies received from spec operations, validated by the last test (which reports itself skipped without the spec). */
const received: { method: string; path: string; status: number; body: unknown }[] = []
function expectSpec(method: string, specPath: string, status: number, body: unknown) {
  received.push({ method, path: `/workspaces/{workspace_id}${specPath}`, status, body })
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'robodeck-localroom-webhooks-'))
  room = await startLocalRoom({
    dataDir,
    port: 0,
    issueBootstrapKey: true,
    log: (line) => logLines.push(line),
  })
  key = room.bootstrap?.api_key as string
  ws = room.workspaceId
  const db = new DatabaseSync(join(dataDir, DB_FILE), { timeout: 5000 })
  try {
    readOnlyKey = createApiKey(db, {
      workspaceId: ws,
      name: 'read',
      permissions: ['Webhooks.read_webhooks'],
    }).key
  } finally {
    db.close()
  }
  processId = (await api('GET', '/processes')).body.data[0].id
})

afterAll(async () => {
  await room?.close()
  await rm(dataDir, { recursive: true, force: true })
})

/** What a webhook that has not been disabled answers besides the spec's fields. */
const ENABLED = { enabled: true, disabled_at: null, disabled_reason: null }

const validBody = () => ({
  endpoint: 'https://hooks.example.com/robodeck?x=1',
  enabled_events: ['process_run.completed', 'process_run.unresolved'],
  process: { id: processId },
})

describe('webhooks', () => {
  it('creates, gets, lists and deletes a process webhook with the spec shapes', async () => {
    const created = await api('POST', '/webhooks', { body: validBody() })
    expect(created.status).toBe(200)
    expectSpec('POST', '/webhooks', 200, created.body)
    expect(created.body).toMatchObject({ process: { id: processId }, endpoint: validBody().endpoint })
    expect(created.body.enabled_events).toEqual(validBody().enabled_events)
    expect(created.body.secret).toMatch(/^[0-9a-f]{64}$/)
    const { id, secret } = created.body

    const got = await api('GET', `/webhooks/${id}`)
    expect(got.status).toBe(200)
    expectSpec('GET', '/webhooks/{webhook_id}', 200, got.body)
    // The spec's WebhookResource carries the secret on get, as Control Room's webhook view shows it.
    expect(got.body).toEqual(created.body)

    const list = await api('GET', '/webhooks')
    expect(list.status).toBe(200)
    expectSpec('GET', '/webhooks', 200, list.body)
    const listed = list.body.data.find((hook: { id: string }) => hook.id === id)
    expect(listed).toEqual({
      id,
      process: { id: processId },
      enabled_events: validBody().enabled_events,
      endpoint: validBody().endpoint,
      ...ENABLED,
    })
    expect(JSON.stringify(list.body)).not.toContain(secret)

    const deleted = await api('DELETE', `/webhooks/${id}`)
    expect(deleted.status).toBe(200)
    expectSpec('DELETE', '/webhooks/{webhook_id}', 200, deleted.body)
    expect(deleted.body).toEqual({ id, deleted: true })
    expect((await api('GET', `/webhooks/${id}`)).status).toBe(404)
    expect((await api('DELETE', `/webhooks/${id}`)).status).toBe(404)
  })

  it('keeps the secret encrypted at rest and out of the log', async () => {
    const created = await api('POST', '/webhooks', { body: validBody() })
    const db = new DatabaseSync(join(dataDir, DB_FILE), { timeout: 5000, readOnly: true })
    try {
      const row = db.prepare('SELECT * FROM webhooks WHERE id = ?').get(created.body.id)
      expect(JSON.stringify(row)).not.toContain(created.body.secret)
    } finally {
      db.close()
    }
    expect(logLines.join('\n')).not.toContain(created.body.secret)
  })

  it('paginates the list with next links', async () => {
    for (let i = 0; i < 3; i++) await api('POST', '/webhooks', { body: validBody() })
    const first = await api('GET', '/webhooks?limit=2')
    expect(first.body.data).toHaveLength(2)
    expect(first.body.has_more).toBe(true)
    const second = await callApi(room.url, 'GET', first.body.next, { key })
    expect(second.status).toBe(200)
    const ids = new Set([...first.body.data, ...second.body.data].map((hook: { id: string }) => hook.id))
    expect(ids.size).toBe(first.body.data.length + second.body.data.length)
  })

  it.each([
    [{ ...validBody(), endpoint: 'ftp://example.com/x' }, 'endpoint'],
    [{ ...validBody(), endpoint: 'javascript:alert(1)' }, 'endpoint'],
    [{ ...validBody(), endpoint: 'not a url' }, 'endpoint'],
    [{ ...validBody(), enabled_events: ['process_run.exploded'] }, 'enabled_events.0'],
    [{ ...validBody(), enabled_events: [] }, 'enabled_events'],
    [{ ...validBody(), enabled_events: 'process_run.started' }, 'enabled_events'],
    [{ endpoint: 'https://x.example', enabled_events: ['process_run.started'] }, 'process'],
    [{ ...validBody(), process: { id: 'no-such-process' } }, 'process.id'],
  ])('refuses a bad body with a 400 naming the field (%j)', async (body, field) => {
    const response = await api('POST', '/webhooks', { body })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_request')
    expect(response.body.error.message).toContain(`"${field}"`)
  })

  it('refuses a missing body, and needs the write permission to create or delete', async () => {
    expect((await api('POST', '/webhooks')).status).toBe(400)
    const forbidden = await api('POST', '/webhooks', { key: readOnlyKey, body: validBody() })
    expect(forbidden.status).toBe(403)
    expect(forbidden.body.error.message).toContain('Webhooks.write_webhooks')
    expect((await api('GET', '/webhooks', { key: readOnlyKey })).status).toBe(200)
    expect((await api('GET', '/webhooks', { key: undefined })).status).toBe(401)
  })
})

describe('managed webhooks (management API, user access credential)', () => {
  const path = () => `/management-v1/workspaces/${ws}/webhooks`

  it('refuses an API key and an unsigned request', async () => {
    expect((await callApi(room.origin, 'GET', path(), { key })).status).toBe(401)
    expect((await callApi(room.origin, 'GET', path())).status).toBe(401)
  })

  it('creates a workspace-scoped webhook, then gets, lists and deletes it', async () => {
    const owner = room.bootstrap?.user_credential as string
    const body = { endpoint: 'http://127.0.0.1:9/hook', enabled_events: ['process_run.started'] }
    const created = await signedRequest(room.origin, owner, 'POST', path(), body)
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({
      process: null,
      endpoint: body.endpoint,
      enabled_events: body.enabled_events,
    })
    expectSpec('POST', '/webhooks', 200, created.body)
    const { id } = created.body
    const got = await signedRequest(room.origin, owner, 'GET', `${path()}/${id}`)
    expect(got.body).toEqual(created.body)
    // The same store: API v1 lists it too (without the secret).
    const listed = await api('GET', '/webhooks')
    expect(listed.body.data).toContainEqual({
      id,
      process: null,
      enabled_events: body.enabled_events,
      endpoint: body.endpoint,
      ...ENABLED,
    })
    const list = await signedRequest(room.origin, owner, 'GET', path())
    expect(list.status).toBe(200)
    expect(list.text).not.toContain(created.body.secret)
    const bad = await signedRequest(room.origin, owner, 'POST', path(), {
      ...body,
      endpoint: 'file:///etc/passwd',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toContain('"endpoint"')
    const deleted = await signedRequest(room.origin, owner, 'DELETE', `${path()}/${id}`)
    expect(deleted.body).toEqual({ id, deleted: true })
    expect((await signedRequest(room.origin, owner, 'GET', `${path()}/${id}`)).status).toBe(404)
  })
})

describe('the official spec', () => {
  itWithSpec('validates every response body received above against its operation schema', () => {
    expect(received.length).toBeGreaterThan(0)
    for (const { method, path, status, body } of received) {
      expect(
        validateAgainstSpec(specResponseSchema(method, path, status), body),
        `${method} ${path}`,
      ).toEqual([])
    }
  })
})
