/** Robots managed with a user access credential: import a local folder, list, get, delete. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 4). */
export function registerManagedRobotRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
