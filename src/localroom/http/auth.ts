/**
 * RC-WSKEY authentication and permission checks for every API v1 route, driven by each route's
 * declared permission (route-definition.ts).
 * 401 when the key is missing or unknown, 403 when a known key is used on another workspace or lacks
 * the route's permission. Messages never repeat the key.
 */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'
import { findApiKey, recordKeyUse } from '../keys/keys'
import { forbidden, unauthorized } from './errors'
import { routeConfig } from './route-definition'

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

/**
 * Guards the `api-key` routes of a fastify scope: a valid key, for the path's workspace, with the
 * permission the route declares. Routes of other auth modes are left to their own guard.
 */
export function installAuth(api: FastifyInstance, ctx: RoomContext): void {
  api.addHook('onRequest', async (request) => {
    const config = routeConfig(request)
    if (config && config.auth !== 'api-key') return
    const record = authenticate(ctx, request.headers.authorization)
    recordKeyUse(ctx.db, record.id, ctx.storage)
    // A path no route serves: the caller has proved a valid key, so the scope's not-found handler
    // may now tell it so (this hook runs for those requests too).
    if (request.is404 || !config) return

    const workspaceId = (request.params as { workspace_id?: string }).workspace_id
    if (workspaceId !== record.workspaceId) throw forbidden('The API key does not belong to this workspace')
    const missing = config.permissions.find((permission) => !record.permissions.has(permission))
    if (missing) throw forbidden(`API key lacks the permission ${missing}`)
  })
}
