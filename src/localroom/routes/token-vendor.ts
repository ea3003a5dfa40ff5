/** The token vendor paths desktop tools call with a user access credential. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 3). */
export function registerTokenVendorRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
