/**
 * Guards routes whose auth mode is `user-credential`: requests signed with a user access credential
 * (`authorization: robocloud-hmac <id> <signature>`, see docs/localroom.md).
 */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from './context'
import { unauthorized } from './errors'
import { routeConfig } from './route-definition'

/** Installs the guard on a scope (filled in by the work on issue 3: until then it refuses all). */
export function installCredentialAuth(api: FastifyInstance, _ctx: RoomContext): void {
  api.addHook('onRequest', async (request) => {
    const config = routeConfig(request)
    if (config && config.auth !== 'user-credential') return
    throw unauthorized('A signed user access credential is required')
  })
}
