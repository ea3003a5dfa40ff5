/**
 * The room's fuzz and permission-matrix suites, written once and run against more than one room:
 * an ordinary one (localroom-fuzz*.test.ts, localroom-permission-matrix.test.ts) and one whose disk
 * is full (localroom-disk-full-suites.test.ts). `serverErrors` lists the only 5xx statuses a room
 * may answer: the spec's 501, plus 507 on a full disk; never a 500.
 */

import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalRoom } from '../../src/localroom/server'
import { PERMISSIONS, type Permission } from '../../src/shared/permissions'
import { hostileBody, hostileParam, hostileQuery } from './hostile-input'
import { callApi, SPEC_PATH } from './localroom'
import { isErrorBody, itWithSpec } from './room-fixture'
import { apiKeyRoutes, concretePath, keyMaker } from './room-routes'

/** A room started by a fixture (room-fixture.ts, full-disk.ts): read inside tests only. */
export interface RoomUnderTest {
  room: LocalRoom
  dataDir: string
}

export interface SuiteOptions {
  /** The 5xx statuses allowed besides 501. */
  serverErrors?: readonly number[]
  /** Runs after the suite's own setup, before its tests (e.g. fill the disk). */
  ready?: () => void | Promise<void>
  /** Tells two runs of a suite apart in the report (e.g. the strict-permission room). */
  label?: string
}

const allowedServerErrors = (options: SuiteOptions) => [501, ...(options.serverErrors ?? [])]

/** Malformed input to every operation the room declares: never a 5xx but the allowed ones, never a crash. */
export function routeFuzzSuite(fixture: RoomUnderTest, options: SuiteOptions = {}): void {
  const input = fc.record({
    param: hostileParam,
    query: hostileQuery(['limit', 'state', 'cursor', 'process_id', 'process_run_id', 'include_data', 'x']),
    body: hostileBody,
  })
  const serverErrors = allowedServerErrors(options)

  describe('every operation under malformed input', () => {
    if (options.ready) beforeAll(options.ready)
    it(`answers with a 4xx (or ${serverErrors.join('/')}) and an error body, never another 5xx`, async () => {
      const routes = apiKeyRoutes(fixture.room.routes)
      expect(routes.length).toBeGreaterThanOrEqual(5)
      const key = fixture.room.bootstrap?.api_key as string
      for (const route of routes) {
        await fc.assert(
          fc.asyncProperty(input, async ({ param, query, body }) => {
            const path = concretePath(route, fixture.room.workspaceId, () => param)
            const withBody = ['POST', 'PUT', 'PATCH'].includes(route.spec.method)
            const response = await callApi(
              fixture.room.origin,
              route.spec.method,
              `${path}${query ? `?${query}` : ''}`,
              {
                key,
                ...(withBody ? { rawBody: body.raw, contentType: body.type } : {}),
              },
            )
            const context = `${route.spec.operationId} ${response.status}`
            expect(response.status < 500 || serverErrors.includes(response.status), context).toBe(true)
            if (response.status >= 400) expect(isErrorBody(response.body), context).toBe(true)
          }),
          { numRuns: 12 },
        )
      }
    }, 120_000) // every route, hundreds of requests, some of a megabyte
  })
}

/** Random start bodies and list queries: never a 500. */
export function inputFuzzSuite(fixture: RoomUnderTest, options: SuiteOptions = {}): void {
  const serverErrors = allowedServerErrors(options)
  describe('local Control Room input handling', () => {
    if (options.ready) beforeAll(options.ready)
    it(`answers any JSON start body with a 4xx/${serverErrors.join('/')} error body, never a 500`, async () => {
      // An unknown process: valid bodies end in 404 rather than starting robots.
      const path = `/workspaces/${fixture.room.workspaceId}/processes/${randomUUID()}/process-runs`
      const body = fc.oneof(
        fc.jsonValue(),
        fc.record({
          type: fc.constantFrom('with_payloads', 'with_inputs', 'with_work_item_ids', 'x'),
          payloads: fc.jsonValue(),
        }),
        fc.record({ callback: fc.jsonValue() }),
      )
      await fc.assert(
        fc.asyncProperty(body, async (value) => {
          const response = await callApi(fixture.room.url, 'POST', path, {
            key: fixture.room.bootstrap?.api_key,
            rawBody: JSON.stringify(value),
          })
          expect([400, 404, ...serverErrors]).toContain(response.status)
          expect(isErrorBody(response.body)).toBe(true)
        }),
        { numRuns: 60 },
      )
    })

    it('answers any list query with 200 or a 400 naming the parameter', async () => {
      const query = fc.dictionary(
        fc.constantFrom('limit', 'state', 'cursor', 'process_id', 'other'),
        fc.string(),
        {
          maxKeys: 4,
        },
      )
      await fc.assert(
        fc.asyncProperty(query, async (params) => {
          const search = new URLSearchParams(params).toString()
          const response = await callApi(
            fixture.room.url,
            'GET',
            `/workspaces/${fixture.room.workspaceId}/process-runs?${search}`,
            {
              key: fixture.room.bootstrap?.api_key,
            },
          )
          if (response.status === 200)
            expect(response.body).toMatchObject({ has_more: expect.any(Boolean), data: expect.any(Array) })
          else {
            expect(response.status).toBe(400)
            expect(response.body.error.message).toMatch(/"(limit|state|cursor|process_id)"/)
          }
        }),
        { numRuns: 60 },
      )
    })
  })
}

/**
 * The permission matrix: for every API-key operation the room serves and every permission it
 * needs, a key lacking only that permission gets 403 naming it, and a key holding only the
 * operation's permissions does not. The permissions are the room's (`route.permissions`): the
 * spec's, plus the strict one a route declares in a room started with strictDeletePermission.
 * Every key is made before the tests (and before `ready`): a full disk takes no new key.
 */
export function permissionMatrixSuite(fixture: RoomUnderTest, options: SuiteOptions = {}): void {
  const serverErrors = allowedServerErrors(options)
  const keys = new Map<string, string>()
  const keyWith = (permissions: readonly Permission[]) => {
    const key = keys.get([...permissions].sort().join(','))
    if (!key) throw new Error(`no key made for [${permissions.join(', ')}]`)
    return key
  }
  const send = async (method: string, path: string, key: string) => {
    const response = await callApi(fixture.room.origin, method, path, {
      key,
      ...(['POST', 'PUT', 'PATCH'].includes(method) ? { body: {} } : {}),
    })
    expect(response.status < 500 || serverErrors.includes(response.status), `${method} ${path}`).toBe(true)
    return response
  }
  const guardedRoutes = () =>
    apiKeyRoutes(fixture.room.routes).filter((route) => route.permissions.length > 0)

  describe(`permission matrix${options.label ? ` (${options.label})` : ''}`, () => {
    beforeAll(async () => {
      const maker = keyMaker(fixture.dataDir, fixture.room.workspaceId)
      try {
        const sets: Permission[][] = [[]]
        for (const route of guardedRoutes()) {
          for (const permission of route.permissions) sets.push(PERMISSIONS.filter((p) => p !== permission))
          sets.push([...route.permissions])
        }
        for (const set of sets) {
          const name = [...set].sort().join(',')
          if (!keys.has(name)) keys.set(name, maker.create(set))
        }
      } finally {
        maker.close()
      }
      await options.ready?.()
    })
    afterAll(() => keys.clear())

    it('refuses each operation to a key lacking only one of its permissions, naming it, and serves a key holding only them', async () => {
      const guarded = guardedRoutes()
      expect(guarded.length).toBeGreaterThanOrEqual(4)
      for (const route of guarded) {
        const op = route.spec.operationId
        const path = concretePath(route, fixture.room.workspaceId)
        for (const permission of route.permissions) {
          const denied = await send(
            route.spec.method,
            path,
            keyWith(PERMISSIONS.filter((p) => p !== permission)),
          )
          expect({ op, permission, status: denied.status }).toEqual({ op, permission, status: 403 })
          expect(denied.body.error.message).toContain(permission)
        }
        const allowed = await send(route.spec.method, path, keyWith(route.permissions))
        expect({ op, status: allowed.status }).not.toMatchObject({ status: 403 })
        expect(allowed.status).not.toBe(401)
      }
    })

    it('serves operations the spec guards with no permission to a key with none', async () => {
      const open = apiKeyRoutes(fixture.room.routes).filter((route) => route.permissions.length === 0)
      const none = keyWith([])
      for (const route of open) {
        const response = await send(route.spec.method, concretePath(route, fixture.room.workspaceId), none)
        expect({ op: route.spec.operationId, status: response.status }).not.toMatchObject({ status: 403 })
      }
    })

    itWithSpec('asks for exactly the permission the official spec lists for each operation', async () => {
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
    })
  })
}
