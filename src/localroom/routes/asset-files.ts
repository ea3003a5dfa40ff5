/** Signed download and upload targets for asset content. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 3). */
export function registerAssetFileRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
