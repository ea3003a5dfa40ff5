/**
 * The permission matrix: for every API-key operation the room serves and every permission it needs,
 * a key lacking only that permission gets 403 naming it, and a key holding only the operation's
 * permissions does not. The permissions are the ones the official spec lists for each operation; a
 * room started with strictDeletePermission adds the second permission a route declares for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PERMISSIONS, type Permission } from '../../src/localroom/permissions'
import { callApi, SPEC_PATH, specExists } from '../support/localroom'
import { inProcessRoom } from '../support/room-fixture'
import { apiKeyRoutes, concretePath, keyMaker } from '../support/room-routes'

const rooms = {
  default: inProcessRoom(),
  strictDeletePermission: inProcessRoom({ strictDeletePermission: true }),
}

const send = (origin: string, method: string, path: string, key: string) =>
  callApi(origin, method, path, {
    key,
    ...(['POST', 'PUT', 'PATCH'].includes(method) ? { body: {} } : {}),
  })

for (const [mode, fixture] of Object.entries(rooms)) {
  describe(`permission matrix (${mode})`, () => {
    let keys: ReturnType<typeof keyMaker>
    beforeAll(() => {
      keys = keyMaker(fixture.dir, fixture.room.workspaceId)
    })
    afterAll(() => keys?.close())

    it('refuses each operation to a key lacking only one of its permissions, naming it, and serves a key holding only them', async () => {
      const guarded = apiKeyRoutes(fixture.room.routes).filter((route) => route.permissions.length > 0)
      expect(guarded.length).toBeGreaterThanOrEqual(4)
      for (const route of guarded) {
        const path = concretePath(route, fixture.room.workspaceId)
        const op = route.spec.operationId
        for (const permission of route.permissions) {
          const without = keys.create(PERMISSIONS.filter((p) => p !== permission))
          const denied = await send(fixture.room.origin, route.spec.method, path, without)
          expect({ op, permission, status: denied.status }).toEqual({ op, permission, status: 403 })
          expect(denied.body.error.message).toContain(permission)
        }
        const only = keys.create(route.permissions)
        const allowed = await send(fixture.room.origin, route.spec.method, path, only)
        expect({ op, status: allowed.status }).not.toMatchObject({ status: 403 })
        expect(allowed.status).not.toBe(401)
      }
    })

    it('serves operations the spec guards with no permission to a key with none', async () => {
      const open = apiKeyRoutes(fixture.room.routes).filter((route) => route.permissions.length === 0)
      const none = keys.create([])
      for (const route of open) {
        const response = await send(
          fixture.room.origin,
          route.spec.method,
          concretePath(route, fixture.room.workspaceId),
          none,
        )
        expect({ op: route.spec.operationId, status: response.status }).not.toMatchObject({ status: 403 })
      }
    })
  })
}

describe('the permissions each operation asks for', () => {
  it("are the spec's by default, and add only the declared strict permission (to deletes) in strict mode", () => {
    const strictOf = new Map(
      rooms.strictDeletePermission.room.routes.map((route) => [route.spec.operationId, route.permissions]),
    )
    const added: string[] = []
    for (const route of apiKeyRoutes(rooms.default.room.routes)) {
      const spec = route.spec.permission ? [route.spec.permission] : []
      expect({ op: route.spec.operationId, permissions: route.permissions }).toEqual({
        op: route.spec.operationId,
        permissions: spec,
      })
      const strict = strictOf.get(route.spec.operationId) as readonly Permission[]
      if (strict.length !== spec.length)
        added.push(`${route.spec.method} ${route.spec.operationId}: ${strict.join(' + ')}`)
    }
    expect(added).toEqual(['DELETE deleteProcessRun: Processes.read_runs + Processes.write_work_items'])
  })

  it.skipIf(!specExists)(
    'are exactly the permission the official spec lists for each operation (the spec is ../shared/reference)',
    async () => {
      const { readFile } = await import('node:fs/promises')
      const spec = JSON.parse(await readFile(SPEC_PATH, 'utf8')) as {
        paths: Record<
          string,
          Record<string, { operationId?: string; security?: Array<Record<string, string[]>> }>
        >
      }
      const official = new Map<string, string | null>()
      for (const operations of Object.values(spec.paths)) {
        for (const operation of Object.values(operations)) {
          if (!operation.operationId) continue
          const scopes = (operation.security ?? []).flatMap((entry) => Object.values(entry).flat())
          official.set(operation.operationId, scopes[0] ?? null)
        }
      }
      let compared = 0
      for (const route of apiKeyRoutes(rooms.default.room.routes)) {
        if (!official.has(route.spec.operationId)) continue
        compared++
        expect({ op: route.spec.operationId, permission: route.spec.permission }).toEqual({
          op: route.spec.operationId,
          permission: official.get(route.spec.operationId),
        })
      }
      expect(compared).toBeGreaterThanOrEqual(5)
    },
  )
})
