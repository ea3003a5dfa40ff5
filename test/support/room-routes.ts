/** Walking the routes a room declares: concrete paths for them, and keys with chosen permissions. */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { DB_FILE } from '../../src/localroom/db/db'
import type { DeclaredRoute } from '../../src/localroom/http/route-definition'
import { createApiKey } from '../../src/localroom/keys/keys'
import type { Permission } from '../../src/shared/permissions'

/** The route's path with the workspace filled in and every other parameter a fresh UUID (or `fill`). */
export function concretePath(
  route: DeclaredRoute,
  workspaceId: string,
  fill: (name: string) => string = () => randomUUID(),
) {
  const path = route.spec.url.replace(/:([A-Za-z_]+)/g, (_, name: string) =>
    encodeURIComponent(name === 'workspace_id' ? workspaceId : fill(name)),
  )
  return `${route.prefix}${path}`
}

/** Routes guarded by RC-WSKEY. */
export const apiKeyRoutes = (routes: readonly DeclaredRoute[]) =>
  routes.filter((route) => (route.spec.auth ?? 'api-key') === 'api-key')

/** Adds keys straight to a running room's database (WAL lets a second connection write). */
export function keyMaker(dataDir: string, workspaceId: string) {
  const db = new DatabaseSync(join(dataDir, DB_FILE), { timeout: 5000 })
  return {
    create(permissions: readonly Permission[], name = 'test key'): string {
      return createApiKey(db, { workspaceId, name, permissions }).key
    },
    close: () => db.close(),
  }
}
