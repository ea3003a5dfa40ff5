/** Workers: the local room's own workers (its concurrency slots), listWorkers and getWorker. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 4). */
export function registerWorkerRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
