/** Work items: list, get, create, payload, file upload, batch. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 3). */
export function registerWorkItemRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
