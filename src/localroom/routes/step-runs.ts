/** Step runs: list, get, artifacts, console messages, events. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 3). */
export function registerStepRunRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
