/**
 * The permission matrix: for every API-key operation the room serves and every permission it needs,
 * a key lacking only that permission gets 403 naming it, and a key holding only it does not. The
 * permissions are the ones the official spec lists for each operation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PERMISSIONS } from '../../src/localroom/permissions'
import { callApi, SPEC_PATH, specExists } from '../support/localroom'
import { inProcessRoom } from '../support/room-fixture'
import { apiKeyRoutes, concretePath, keyMaker } from '../support/room-routes'

const fixture = inProcessRoom()
let keys: ReturnType<typeof keyMaker>

beforeAll(() => {
  keys = keyMaker(fixture.dir, fixture.room.workspaceId)
})

afterAll(() => keys?.close())

const send = (method: string, path: string, key: string) =>
  callApi(fixture.room.origin, method, path, {
    key,
    ...(['POST', 'PUT', 'PATCH'].includes(method) ? { body: {} } : {}),
  })

describe('permission matrix', () => {
  it('refuses each operation to a key lacking only its permission, naming it, and serves a key holding only it', async () => {
    const guarded = apiKeyRoutes(fixture.room.routes).filter((route) => route.spec.permission)
    expect(guarded.length).toBeGreaterThanOrEqual(4)
    for (const route of guarded) {
      const permission = route.spec.permission as (typeof PERMISSIONS)[number]
      const path = concretePath(route, fixture.room.workspaceId)
      const without = keys.create(PERMISSIONS.filter((p) => p !== permission))
      const denied = await send(route.spec.method, path, without)
      expect({ op: route.spec.operationId, status: denied.status }).toEqual({
        op: route.spec.operationId,
        status: 403,
      })
      expect(denied.body.error.message).toContain(permission)

      const only = keys.create([permission])
      const allowed = await send(route.spec.method, path, only)
      expect({ op: route.spec.operationId, status: allowed.status }).not.toMatchObject({ status: 403 })
      expect(allowed.status).not.toBe(401)
    }
  })

  it('serves operations the spec guards with no permission to a key with none', async () => {
    const open = apiKeyRoutes(fixture.room.routes).filter((route) => route.spec.permission === null)
    const none = keys.create([])
    for (const route of open) {
      const response = await send(route.spec.method, concretePath(route, fixture.room.workspaceId), none)
      expect({ op: route.spec.operationId, status: response.status }).not.toMatchObject({ status: 403 })
    }
  })

  it.skipIf(!specExists)(
    'asks for exactly the permission the official spec lists for each operation',
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
      for (const route of apiKeyRoutes(fixture.room.routes)) {
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
