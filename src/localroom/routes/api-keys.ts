/** API key management (management API, user access credential). */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 3). */
export function registerApiKeyRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
