/** Signed download and upload targets for artifacts and work item files. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 3). */
export function registerRunFileRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
