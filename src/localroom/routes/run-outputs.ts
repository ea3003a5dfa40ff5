/** Run outputs: /process-runs/{id}/outputs and /outputs?process_run_id=. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 3). */
export function registerRunOutputRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
