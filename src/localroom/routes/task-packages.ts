/** Task packages (robots as zips): create, upload and download links, delete. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 4). */
export function registerTaskPackageRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
