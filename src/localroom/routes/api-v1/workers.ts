/**
 * Workers: the local room's own workers, one per concurrency slot (`--workers N`, default 2), named
 * "Local worker 1".."N" with stable ids `local-worker-<n>`; `busy` while a step run runs on it,
 * else `idle` (never `offline`: they live and die with the room). listWorkers and getWorker.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { API_PREFIX, type RoomContext } from '../../context'
import { found } from '../../http/errors'
import { answerPage } from '../../http/pagination'
import { routeDefiner } from '../../http/route-definition'
import { PageQuery, page, WorkspaceParams } from '../../http/schemas'
import type { WorkerInfo } from '../../runs/worker-pool'

/** The spec's WorkerResource. */
const WorkerResource = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(['offline', 'idle', 'busy']),
})
const WorkerParams = WorkspaceParams.extend({ worker_id: z.string().min(1) })

const toResource = (worker: WorkerInfo & { seq: number }): z.infer<typeof WorkerResource> => ({
  id: worker.id,
  name: worker.name,
  state: worker.state,
})

/** Registers the routes. */
export function registerWorkerRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, API_PREFIX)
  const common = { tag: 'worker', permission: 'Workers.read_workers' as const }

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/workers',
      operationId: 'listWorkers',
      summary: 'List workers (the local room has one per concurrent step run)',
      params: WorkspaceParams,
      query: PageQuery,
      response: page(WorkerResource),
    },
    async ({ query, request }) =>
      answerPage(
        request,
        ctx.origin(),
        query,
        (before = Number.MAX_SAFE_INTEGER, fetch) => {
          const workers = ctx.runner.pool.list()
          // Pages run on a descending seq: the first worker gets the highest.
          return workers
            .map((worker, index) => ({ ...worker, seq: workers.length - index }))
            .filter((row) => row.seq < before)
            .slice(0, fetch)
        },
        toResource,
      ),
  )

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/workers/:worker_id',
      operationId: 'getWorker',
      summary: 'Get worker',
      params: WorkerParams,
      response: WorkerResource,
      errors: [404],
    },
    async ({ params }) => {
      const worker = found(
        ctx.runner.pool.list().find((candidate) => candidate.id === params.worker_id),
        'Worker',
        params.worker_id,
      )
      return { id: worker.id, name: worker.name, state: worker.state }
    },
  )
}
