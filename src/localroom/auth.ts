/**
 * RC-WSKEY authentication and permission checks for every API v1 route, driven by ROUTE_PERMISSIONS.
 * 401 when the key is missing or unknown, 403 when a known key is used on another workspace or lacks
 * the route's permission. Messages never repeat the key.
 */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from './context'
import { forbidden, unauthorized } from './errors'
import { findApiKey, recordKeyUse } from './keys'
import { ROUTE_PERMISSIONS, routeKey } from './permissions'

const SCHEME = /^RC-WSKEY[ \t]+([^\s]+)[ \t]*$/i

/** Extracts the key from an Authorization header value, or null when absent or another scheme. */
export function readWorkspaceKey(header: string | undefined): string | null {
  if (!header) return null
  return SCHEME.exec(header)?.[1] ?? null
}

/** The stored key for an Authorization header, or a 401 error when it is missing or unknown. */
export function authenticate(ctx: RoomContext, header: string | undefined) {
  const key = readWorkspaceKey(header)
  if (!key) throw unauthorized('Missing or malformed Authorization header: expected "RC-WSKEY <api key>"')
  const record = findApiKey(ctx.db, key)
  if (!record) throw unauthorized('The API key is not valid')
  return record
}

/** Guards every route registered afterwards in this fastify scope; prefix is the scope's URL prefix. */
export function installAuth(api: FastifyInstance, ctx: RoomContext, prefix: string): void {
  api.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) {
      const key = routeKey(method, route.url.slice(prefix.length))
      if (!(key in ROUTE_PERMISSIONS))
        throw new Error(`local Control Room route ${key} is missing from ROUTE_PERMISSIONS`)
    }
  })

  api.addHook('onRequest', async (request) => {
    const record = authenticate(ctx, request.headers.authorization)
    recordKeyUse(ctx.db, record.id)
    // A path no route serves: the caller has proved a valid key, so the scope's not-found handler
    // may now tell it so (this hook runs for those requests too).
    if (request.is404) return

    const workspaceId = (request.params as { workspace_id?: string }).workspace_id
    if (workspaceId !== record.workspaceId) throw forbidden('The API key does not belong to this workspace')

    const required =
      ROUTE_PERMISSIONS[routeKey(request.method, (request.routeOptions.url ?? '').slice(prefix.length))]
    // Fail closed: a route the table does not know is nobody's to call.
    if (required === undefined) throw forbidden('This route has no permission mapping')
    if (required !== null && !record.permissions.has(required)) {
      throw forbidden(`API key lacks the permission ${required}`)
    }
  })
}
