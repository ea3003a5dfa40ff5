/** Every other operation of the spec: 501 not_implemented, after the key is checked. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 3). */
export function registerNotImplementedRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
