/** Processes managed with a user access credential: create, list, get, edit, delete. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 4). */
export function registerManagedProcessRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
