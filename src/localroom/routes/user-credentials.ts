/** User access credentials: create, list, revoke (management API). */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 3). */
export function registerUserCredentialRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
