/**
 * API key management over real HTTP (management API, signed with the owner's credential): create,
 * list with usage, view the value, edit, delete, each effective on the very next RC-WSKEY request;
 * and persistence across a restart.
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { PERMISSIONS } from '../../../../src/shared/permissions'
import { signedRequest } from '../../../support/credential-client'
import { specExists, specResponseSchema, validateAgainstSpec } from '../../../support/localroom'
import { roomFixture } from '../../../support/room-fixture'

const fixture = roomFixture({ mode: 'in-process' })
const { ws, signed } = fixture

const keysPath = () => `/management-v1/workspaces/${ws()}/api-keys`
const createKey = async (name: string, permissions: string[]) => {
  const response = await signed('POST', keysPath(), { name, permissions })
  expect(response.status).toBe(200)
  return response.body as { id: string; value: string; permissions: string[] }
}

describe('API key management', () => {
  it('creates a key and answers its value once, with its record', async () => {
    const created = await signed('POST', keysPath(), {
      name: 'CI trigger',
      permissions: ['Processes.trigger_processes', 'Processes.read_runs', 'Processes.read_runs'],
    })
    expect(created.status).toBe(200)
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      workspace_id: ws(),
      name: 'CI trigger',
      permissions: ['Processes.read_runs', 'Processes.trigger_processes'],
      masked_value: `…${created.body.value.slice(-4)}`,
      bootstrap: false,
      created_at: expect.stringMatching(/^\d{4}-/),
      updated_at: null,
      last_used_at: null,
      request_count: 0,
      value: expect.any(String),
    })
    // 32 random bytes, base64url: at least 256 bits.
    expect(Buffer.from(created.body.value, 'base64url').length).toBeGreaterThanOrEqual(32)
    const workspace = await fixture.api('GET', `/workspaces/${ws()}`, { key: created.body.value })
    expect(workspace.status).toBe(200)
  })

  it('lists keys with permissions and usage, never a value', async () => {
    const key = await createKey('usage', ['Processes.read_runs'])
    for (let i = 0; i < 3; i++) {
      expect((await fixture.api('GET', `/workspaces/${ws()}/process-runs`, { key: key.value })).status).toBe(
        200,
      )
    }
    // A refused request (missing permission) still proves the key: it counts too.
    expect((await fixture.api('GET', `/workspaces/${ws()}/processes`, { key: key.value })).status).toBe(403)
    const list = await signed('GET', keysPath())
    expect(list.status).toBe(200)
    const listed = list.body.data.find((item: { id: string }) => item.id === key.id)
    expect(listed).toMatchObject({ name: 'usage', permissions: ['Processes.read_runs'], request_count: 4 })
    expect(listed.last_used_at).toMatch(/^\d{4}-/)
    expect(listed).not.toHaveProperty('value')
    expect(list.text).not.toContain(key.value)
    expect(list.text).not.toContain(fixture.room.bootstrap?.api_key)
    expect(list.body.data.find((item: { bootstrap: boolean }) => item.bootstrap)?.permissions).toEqual([
      ...PERMISSIONS,
    ])
    // Newest first.
    expect(list.body.data[0].id).toBe(key.id)
    const one = await signed('GET', `${keysPath()}/${key.id}`)
    expect(one.body).toEqual(listed)
  })

  it('pages the list with signed next links', async () => {
    await createKey('page a', ['Processes.read_runs'])
    await createKey('page b', ['Processes.read_runs'])
    const first = await signed('GET', `${keysPath()}?limit=1`)
    expect(first.body).toMatchObject({ has_more: true, data: [{ name: 'page b' }] })
    const next = new URL(first.body.next)
    const second = await signed('GET', `${next.pathname}${next.search}`)
    expect(second.body).toMatchObject({ has_more: true, data: [{ name: 'page a' }] })
  })

  it('shows the value again, and it is the key that authenticates', async () => {
    const key = await createKey('viewable', ['Processes.read_processes'])
    const value = await signed('GET', `${keysPath()}/${key.id}/value`)
    expect(value.status).toBe(200)
    expect(value.body).toEqual({ value: key.value })
    expect(
      (await fixture.api('GET', `/workspaces/${ws()}/processes`, { key: value.body.value })).status,
    ).toBe(200)
    expect((await signed('GET', `${keysPath()}/${randomUUID()}/value`)).status).toBe(404)
  })

  it('applies a permission change on the very next request', async () => {
    const key = await createKey('grows', ['Processes.read_runs'])
    const refused = await fixture.api('GET', `/workspaces/${ws()}/processes`, { key: key.value })
    expect(refused.status).toBe(403)
    expect(refused.body).toEqual({
      error: { code: 'forbidden', message: 'API key lacks the permission Processes.read_processes' },
    })
    const patched = await signed('PATCH', `${keysPath()}/${key.id}`, {
      permissions: ['Processes.read_runs', 'Processes.read_processes'],
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({
      name: 'grows',
      permissions: ['Processes.read_processes', 'Processes.read_runs'],
      updated_at: expect.stringMatching(/^\d{4}-/),
    })
    const allowed = await fixture.api('GET', `/workspaces/${ws()}/processes`, { key: key.value })
    expect(allowed.status).toBe(200)
    if (specExists) {
      expect(
        validateAgainstSpec(
          specResponseSchema('GET', '/workspaces/{workspace_id}/processes', 200),
          allowed.body,
        ),
      ).toEqual([])
    }

    const shrunk = await signed('PATCH', `${keysPath()}/${key.id}`, {
      name: 'shrinks',
      permissions: ['Processes.read_processes'],
    })
    expect(shrunk.body).toMatchObject({ name: 'shrinks', permissions: ['Processes.read_processes'] })
    const now = await fixture.api('GET', `/workspaces/${ws()}/process-runs`, { key: key.value })
    expect(now.status).toBe(403)
    expect(now.body.error.message).toBe('API key lacks the permission Processes.read_runs')
    if (specExists) {
      expect(
        validateAgainstSpec(
          specResponseSchema('GET', '/workspaces/{workspace_id}/process-runs', 403),
          now.body,
        ),
      ).toEqual([])
    }
  })

  it('refuses a deleted key from the very next request', async () => {
    const key = await createKey('short-lived', ['Processes.read_processes'])
    expect((await fixture.api('GET', `/workspaces/${ws()}/processes`, { key: key.value })).status).toBe(200)
    const deleted = await signed('DELETE', `${keysPath()}/${key.id}`)
    expect(deleted.body).toEqual({ id: key.id, deleted: true })
    const after = await fixture.api('GET', `/workspaces/${ws()}/processes`, { key: key.value })
    expect(after.status).toBe(401)
    expect(after.body.error.code).toBe('unauthorized')
    expect((await signed('DELETE', `${keysPath()}/${key.id}`)).status).toBe(404)
    expect((await signed('GET', `${keysPath()}/${key.id}`)).status).toBe(404)
    expect((await signed('PATCH', `${keysPath()}/${key.id}`, { name: 'x' })).status).toBe(404)
  })

  it('names unknown permissions and bad fields in a 400', async () => {
    const unknown = await signed('POST', keysPath(), {
      name: 'typo',
      permissions: ['Processes.read_processes', 'Processes.read_everything', 'root'],
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.code).toBe('invalid_request')
    expect(unknown.body.error.message).toContain('"Processes.read_everything", "root"')
    expect(unknown.body.error.message).not.toContain('"Processes.read_processes"')
    for (const [body, field] of [
      [{ permissions: ['Processes.read_runs'] }, 'name'],
      [{ name: ' ', permissions: ['Processes.read_runs'] }, 'name'],
      [{ name: 'x' }, 'permissions'],
      [{ name: 'x', permissions: [] }, 'permissions'],
      [{ name: 'x', permissions: 'Processes.read_runs' }, 'permissions'],
    ] as const) {
      const response = await signed('POST', keysPath(), body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(response.body.error.message).toContain(field)
    }
    const key = await createKey('patched', ['Processes.read_runs'])
    const badPatch = await signed('PATCH', `${keysPath()}/${key.id}`, { permissions: ['nope'] })
    expect(badPatch.status).toBe(400)
    expect(badPatch.body.error.message).toContain('"nope"')
    expect((await signed('PATCH', `${keysPath()}/${key.id}`, {})).status).toBe(400)
  })

  it("refuses a workspace the credential's user does not own", async () => {
    const db = new DatabaseSync(join(fixture.dataDir, DB_FILE), { timeout: 5000 })
    const other = randomUUID()
    try {
      db.prepare(
        `INSERT INTO workspaces (id, name, organization_id, organization_name, created_at) VALUES (?, 'Other', ?, 'Other org', ?)`,
      ).run(other, randomUUID(), new Date().toISOString())
    } finally {
      db.close()
    }
    for (const workspace of [other, randomUUID()]) {
      const response = await signed('GET', `/management-v1/workspaces/${workspace}/api-keys`)
      expect(response.status).toBe(403)
      expect(response.body.error.code).toBe('forbidden')
    }
    const create = await signed('POST', `/management-v1/workspaces/${other}/api-keys`, {
      name: 'x',
      permissions: ['Processes.read_runs'],
    })
    expect(create.status).toBe(403)
  })

  it('lists the permissions a key can have', async () => {
    const response = await signed('GET', '/management-v1/permissions')
    expect(response.body).toEqual({ data: [...PERMISSIONS] })
  })

  it('stores no key value in plain text', async () => {
    const key = await createKey('sealed', ['Processes.read_runs'])
    const db = new DatabaseSync(join(fixture.dataDir, DB_FILE), { readOnly: true })
    try {
      const dump = JSON.stringify(db.prepare('SELECT * FROM api_keys').all())
      expect(dump).not.toContain(key.value)
      expect(dump).not.toContain(fixture.room.bootstrap?.api_key)
    } finally {
      db.close()
    }
  })
})

describe('API keys and credentials across a restart', () => {
  const restarted = roomFixture({ mode: 'in-process' })

  it('keeps keys, their usage and values, and credentials; re-issues only the bootstrap ones', async () => {
    const workspace = restarted.ws()
    const firstKey = restarted.key()
    const firstOwner = restarted.room.bootstrap?.user_credential as string
    const created = await restarted.manage('POST', `/workspaces/${workspace}/api-keys`, {
      name: 'kept',
      permissions: ['Processes.read_processes'],
    })
    const value = created.body.value as string
    for (let i = 0; i < 2; i++) await restarted.wsApi('GET', '/processes', { key: value })
    const credential = (await restarted.manage('POST', '/user/credentials', { label: 'kept' })).body
      .credential as string

    await restarted.restart()
    expect(restarted.ws()).toBe(workspace)
    const signedBy = (owner: string, path: string) => signedRequest(restarted.origin, owner, 'GET', path)
    // The earlier bootstrap key and credential are revoked, the new ones work.
    expect((await restarted.wsApi('GET', '', { key: firstKey })).status).toBe(401)
    expect((await signedBy(firstOwner, '/token-vendor-v1/user/details')).status).toBe(401)
    expect(restarted.room.bootstrap?.user_credential).not.toBe(firstOwner)
    expect((await restarted.signed('GET', '/token-vendor-v1/user/details')).status).toBe(200)

    expect((await restarted.wsApi('GET', '/processes', { key: value })).status).toBe(200)
    expect((await signedBy(credential, '/token-vendor-v1/user/details')).status).toBe(200)
    const keys = await signedBy(credential, `/management-v1/workspaces/${workspace}/api-keys`)
    const kept = keys.body.data.find((item: { id: string }) => item.id === created.body.id)
    expect(kept).toMatchObject({
      name: 'kept',
      request_count: 3,
      permissions: ['Processes.read_processes'],
    })
    expect(keys.body.data.filter((item: { bootstrap: boolean }) => item.bootstrap)).toHaveLength(1)
    const shown = await signedBy(
      credential,
      `/management-v1/workspaces/${workspace}/api-keys/${created.body.id}/value`,
    )
    expect(shown.body).toEqual({ value })
    const credentials = await signedBy(credential, '/management-v1/user/credentials')
    expect(credentials.body.data.map((item: { label: string }) => item.label).sort()).toEqual([
      'Robodeck bootstrap',
      'kept',
    ])
  })
})
