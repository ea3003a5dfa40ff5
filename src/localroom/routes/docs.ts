/** The room's own OpenAPI document and its interactive documentation page. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 3). */
export function registerDocsRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
