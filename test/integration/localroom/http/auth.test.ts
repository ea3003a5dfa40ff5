/** Authentication and permissions of the local Control Room, over real HTTP against the built CLI. */

import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { beforeAll, describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { createApiKey } from '../../../../src/localroom/keys/keys'
import { callApi, specResponseSchema, validateAgainstSpec, waitFor } from '../../../support/localroom'
import { itWithSpec, roomFixture } from '../../../support/room-fixture'
import { apiKeyRoutes, concretePath } from '../../../support/room-routes'

/** The room under test, the built CLI; and an in-process one, only to read the routes it declares. */
const fixture = roomFixture({ mode: 'spawned' })
const declaring = roomFixture({ mode: 'in-process', issueBootstrapKey: false })
let base: string
let ws: string
let otherWs: string
let otherKey: string
let runsOnlyKey: string
let processId: string

/**
 * Every API-key route the room declares (read from an in-process room), with a path for this room:
 * the real workspace and sample process, fresh UUIDs for anything else. Paths are from the origin.
 */
const endpoints = () =>
  Object.fromEntries(
    apiKeyRoutes(declaring.room.routes).map((route) => [
      `${route.spec.method} ${route.prefix}${route.spec.url}`,
      {
        method: route.spec.method,
        path: concretePath(route, ws, (name) => (name === 'process_id' ? processId : randomUUID())),
      },
    ]),
  )
const origin = () => base.replace(/\/api\/v1$/, '')

beforeAll(async () => {
  base = fixture.url
  ws = fixture.ws()
  // Keys other than the bootstrap one have no API yet: add them straight to the room's database
  // (WAL lets this second connection write while the room runs).
  const db = new DatabaseSync(join(fixture.dataDir, DB_FILE), { timeout: 5000 })
  try {
    otherWs = randomUUID()
    db.prepare(
      `INSERT INTO workspaces (id, name, organization_id, organization_name, created_at) VALUES (?, 'Other', ?, 'Other org', ?)`,
    ).run(otherWs, randomUUID(), new Date().toISOString())
    otherKey = createApiKey(db, {
      workspaceId: otherWs,
      name: 'other',
      permissions: ['Processes.read_processes'],
    }).key
    runsOnlyKey = createApiKey(db, {
      workspaceId: ws,
      name: 'runs only',
      permissions: ['Processes.read_runs'],
    }).key
  } finally {
    db.close()
  }
  const processes = await callApi(base, 'GET', `/workspaces/${ws}/processes`, { key: fixture.key() })
  processId = processes.body.data[0].id
})

const expectError = (response: { status: number; body: unknown }, status: number, code: string) => {
  expect(response.status).toBe(status)
  expect(response.body).toEqual({ error: { code, message: expect.any(String) } })
}

describe('local Control Room authentication', () => {
  it('covers every API-key route the room declares, API v1 and process-v1 alike', () => {
    const names = Object.keys(endpoints())
    expect(names).toContain('GET /api/v1/workspaces/:workspace_id/processes')
    expect(names.some((name) => name.includes('/process-v1/'))).toBe(true)
    expect(names.length).toBeGreaterThanOrEqual(20)
  })

  it('answers 401 without a key, with the error shape', async () => {
    const response = await callApi(base, 'GET', `/workspaces/${ws}`)
    expectError(response, 401, 'unauthorized')
  })

  it('answers 401 for an unknown key without echoing it', async () => {
    const wrong = `wrong-${randomUUID()}`
    const response = await callApi(base, 'GET', `/workspaces/${ws}`, { key: wrong })
    expectError(response, 401, 'unauthorized')
    expect(JSON.stringify(response.body)).not.toContain(wrong)
  })

  it('answers 401 for another scheme, even with a valid key', async () => {
    const response = await callApi(base, 'GET', `/workspaces/${ws}`, {
      authorization: `Bearer ${fixture.key()}`,
    })
    expectError(response, 401, 'unauthorized')
    expect(JSON.stringify(response.body)).not.toContain(fixture.key())
  })

  it('refuses every implemented endpoint without a valid key', async () => {
    for (const [name, { method, path }] of Object.entries(endpoints())) {
      for (const auth of [{}, { key: 'nope' }, { authorization: 'Basic dXNlcjpwYXNz' }]) {
        const response = await callApi(origin(), method, path, {
          ...auth,
          body: method === 'POST' ? {} : undefined,
        })
        expect(response.status, `${name} ${JSON.stringify(auth)}`).toBe(401)
        expect(response.body.error.code).toBe('unauthorized')
      }
    }
    // None of the refused POSTs started a run.
    const runs = await callApi(base, 'GET', `/workspaces/${ws}/process-runs`, { key: fixture.key() })
    expect(runs.body.data).toEqual([])
  })

  it('answers 403 for a key of another workspace, and for an unknown workspace', async () => {
    for (const [name, { method, path }] of Object.entries(endpoints())) {
      const response = await callApi(origin(), method, path, { key: otherKey })
      expect(response.status, name).toBe(403)
      expect(response.body.error.code).toBe('forbidden')
    }
    const unknown = await callApi(base, 'GET', `/workspaces/${randomUUID()}`, { key: fixture.key() })
    expectError(unknown, 403, 'forbidden')
    // The other key works on its own workspace.
    const own = await callApi(base, 'GET', `/workspaces/${otherWs}/processes`, { key: otherKey })
    expect(own.status).toBe(200)
    expect(own.body.data).toEqual([])
  })

  it('answers 403 naming the missing permission', async () => {
    const processes = await callApi(base, 'GET', `/workspaces/${ws}/processes`, { key: runsOnlyKey })
    expectError(processes, 403, 'forbidden')
    expect(processes.body.error.message).toBe('API key lacks the permission Processes.read_processes')
    const trigger = await callApi(base, 'POST', `/workspaces/${ws}/processes/${processId}/process-runs`, {
      key: runsOnlyKey,
    })
    expect(trigger.body.error.message).toBe('API key lacks the permission Processes.trigger_processes')
    // Get-run needs read_processes (sic, per the spec), list-runs needs read_runs.
    const get = await callApi(base, 'GET', `/workspaces/${ws}/process-runs/${randomUUID()}`, {
      key: runsOnlyKey,
    })
    expect(get.body.error.message).toBe('API key lacks the permission Processes.read_processes')
    const list = await callApi(base, 'GET', `/workspaces/${ws}/process-runs`, { key: runsOnlyKey })
    expect(list.status).toBe(200)
    // Getting the workspace needs no permission, only a key of that workspace.
    expect((await callApi(base, 'GET', `/workspaces/${ws}`, { key: runsOnlyKey })).status).toBe(200)
  })

  it('records key use and stores keys only hashed', async () => {
    const db = new DatabaseSync(join(fixture.dataDir, DB_FILE), { readOnly: true })
    try {
      const rows = db.prepare('SELECT * FROM api_keys').all()
      expect(JSON.stringify(rows)).not.toContain(fixture.key())
      // Uses are counted in memory and written within a moment.
      const bootstrapRow = () => db.prepare(`SELECT * FROM api_keys WHERE name = 'Robodeck bootstrap'`).get()
      await waitFor(() => Number(bootstrapRow()?.request_count) > 0, { timeoutMs: 5000 })
      const bootstrap = bootstrapRow()
      expect(bootstrap?.last_used_at).toEqual(expect.stringMatching(/^\d{4}-/))
    } finally {
      db.close()
    }
  })

  it('answers unknown routes with a not_found error', async () => {
    const response = await callApi(base, 'GET', `/workspaces/${ws}/nothing-here`, {
      key: fixture.key(),
    })
    expectError(response, 404, 'not_found')
    expectError(await callApi(fixture.origin, 'GET', '/'), 404, 'not_found')
  })

  it('asks for a valid key before saying an API path does not exist or is not served', async () => {
    const cases: Array<[string, number, string]> = [
      [`/workspaces/${ws}/worker-groups`, 501, 'not_implemented'], // a spec operation the room does not serve
      [`/workspaces/${ws}/nothing-here`, 404, 'not_found'],
      ['/anything', 404, 'not_found'],
    ]
    for (const [path, status, code] of cases) {
      expectError(await callApi(base, 'GET', path), 401, 'unauthorized')
      expectError(await callApi(base, 'DELETE', path, { key: 'not-a-key' }), 401, 'unauthorized')
      expectError(await callApi(base, 'GET', path, { key: fixture.key() }), status, code)
    }
  })

  itWithSpec('shapes 401 and 403 bodies as the spec says', async () => {
    const unauthorized = await callApi(base, 'GET', `/workspaces/${ws}`)
    expect(
      validateAgainstSpec(specResponseSchema('get', '/workspaces/{workspace_id}', 401), unauthorized.body),
    ).toEqual([])
    const forbidden = await callApi(base, 'GET', `/workspaces/${ws}/processes`, { key: runsOnlyKey })
    expect(
      validateAgainstSpec(
        specResponseSchema('get', '/workspaces/{workspace_id}/processes', 403),
        forbidden.body,
      ),
    ).toEqual([])
  })
})
