/** Every operation of the spec the room does not serve: 401/403 as Control Room, then 501 not_implemented. */

import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { NOT_IMPLEMENTED } from '../../../../../src/localroom/routes/api-v1/not-implemented'
import { PERMISSIONS, type Permission } from '../../../../../src/shared/permissions'
import { SPEC_PATH } from '../../../../support/localroom'
import { itWithSpec, roomFixture } from '../../../../support/room-fixture'

const fixture = roomFixture({ mode: 'in-process' })
const { wsApi } = fixture
/** For each permission, a key that has every permission but that one. */
const lacking = new Map<Permission, string>()

beforeAll(async () => {
  const permissions = new Set([
    ...NOT_IMPLEMENTED.map((row) => row[3]),
    'Processes.trigger_processes' as const,
  ])
  for (const permission of permissions)
    lacking.set(
      permission,
      await fixture.makeKey(
        PERMISSIONS.filter((p) => p !== permission),
        `no ${permission}`,
      ),
    )
})

const concrete = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => `some-${name}`)

describe('not implemented operations', () => {
  it.each(NOT_IMPLEMENTED.map((row) => [row[2], row] as const))(
    '%s: 401, 403, then 501',
    async (_id, row) => {
      const [method, path, operationId, permission] = row
      const url = concrete(path)
      const body = method === 'GET' || method === 'DELETE' ? undefined : {}
      const anonymous = await wsApi(method, url, { key: undefined, body })
      expect(anonymous.status).toBe(401)
      const denied = await wsApi(method, url, { key: lacking.get(permission), body })
      expect(denied.status).toBe(403)
      expect(denied.body.error.message).toContain(permission)
      const answer = await wsApi(method, url, { body })
      expect(answer.status).toBe(501)
      expect(answer.body).toEqual({
        error: {
          code: 'not_implemented',
          message: `${operationId} is not implemented by the local Control Room`,
        },
      })
    },
  )

  it('startProcessRunQsAuth takes the key from ?token= (or the header), then answers 501', async () => {
    const path = '/processes/some-process/process-runs-integrations'
    const anonymous = { key: undefined, body: {} }
    expect((await wsApi('POST', path, anonymous)).status).toBe(401)
    expect((await wsApi('POST', `${path}?token=nope`, anonymous)).status).toBe(401)
    const denied = await wsApi(
      'POST',
      `${path}?token=${lacking.get('Processes.trigger_processes')}`,
      anonymous,
    )
    expect(denied.status).toBe(403)
    expect(denied.body.error.message).toContain('Processes.trigger_processes')
    for (const [query, options] of [
      ['', { body: {} }],
      [`?token=${fixture.key()}`, anonymous],
    ] as const) {
      const answer = await wsApi('POST', `${path}${query}`, options)
      expect(answer.status).toBe(501)
      expect(answer.body.error).toEqual({
        code: 'not_implemented',
        message: 'startProcessRunQsAuth is not implemented by the local Control Room',
      })
    }
  })

  itWithSpec('the table matches the official spec (method, path, operationId, permission)', () => {
    const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
      paths: Record<string, Record<string, { operationId: string; security?: Record<string, string[]>[] }>>
    }
    for (const [method, path, operationId, permission] of NOT_IMPLEMENTED) {
      const specPath = `/workspaces/{workspace_id}${path.replace(/:(\w+)/g, '{$1}')}`
      const operation = spec.paths[specPath]?.[method.toLowerCase()]
      expect(operation?.operationId, `${method} ${specPath}`).toBe(operationId)
      expect(operation?.security?.[0]?.['API Key with permissions']).toEqual([permission])
    }
  })

  itWithSpec('every spec operation is served by some route of the room', () => {
    const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
      paths: Record<string, Record<string, unknown>>
    }
    const served = new Set(
      fixture.room.routes.map(({ prefix, spec: route }) =>
        `${route.method} ${prefix}${route.url}`.replace(/:(\w+)/g, '{$1}'),
      ),
    )
    const missing = Object.entries(spec.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .map((method) => `${method.toUpperCase()} /api/v1${path}`)
        .filter((id) => !served.has(id)),
    )
    // Operations the runs helper serves are registered by their own modules; whatever is still
    // missing here is neither implemented nor answered with 501.
    expect(missing).toEqual([])
  })
})
