/** Asset storage: create, list, get by id or name:, delete, uploads, download. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 3). */
export function registerAssetRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
