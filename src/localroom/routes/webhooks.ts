/** Webhooks: list, create, get, delete (delivery is later work). */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 3). */
export function registerWebhookRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
