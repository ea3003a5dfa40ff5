/** Signed upload and download targets for task package zips. */
import type { FastifyInstance } from 'fastify'
import type { RoomContext } from '../context'

/** Registers the routes (filled in by the work on issue 4). */
export function registerTaskPackageFileRoutes(_api: FastifyInstance, _ctx: RoomContext): void {}
