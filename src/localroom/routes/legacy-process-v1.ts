/** The legacy Process API (process-v1) for integrations written against the older docs. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 3). */
export function registerLegacyProcessRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
