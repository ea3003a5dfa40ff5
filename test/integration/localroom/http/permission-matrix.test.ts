/**
 * The permission matrix: for every API-key operation the room serves and every permission it needs,
 * a key lacking only that permission gets 403 naming it, and a key holding only the operation's
 * permissions does not. The permissions are the ones the official spec lists for each operation; a
 * room started with strictDeletePermission adds the second permission a route declares for it. The
 * suite lives in room-suites.ts, which also runs it on a full disk.
 */
import { describe, expect, it } from 'vitest'
import type { Permission } from '../../../../src/shared/permissions'
import { roomFixture } from '../../../support/room-fixture'
import { apiKeyRoutes } from '../../../support/room-routes'
import { permissionMatrixSuite } from '../../../support/room-suites'

const rooms = {
  default: roomFixture({ mode: 'in-process' }),
  strictDeletePermission: roomFixture({ mode: 'in-process', strictDeletePermission: true }),
}

permissionMatrixSuite(rooms.default)
permissionMatrixSuite(rooms.strictDeletePermission, { label: 'strictDeletePermission' })

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
})
