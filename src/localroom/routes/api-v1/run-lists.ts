/**
 * Lists of one process run's children (its step runs, its outputs), which the specs serve in two
 * forms: nested, GET /process-runs/{process_run_id}/<name>, and flat, GET /<name>?process_run_id=
 * (required there). Both forms answer 404 for a run not in the workspace and page with answerPage.
 */
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Permission } from '../../../shared/permissions'
import type { RoomContext } from '../../context'
import { invalidRequest, notFound } from '../../http/errors'
import { answerPage } from '../../http/pagination'
import type { routeDefiner } from '../../http/route-definition'
import { PageQuery, ProcessRunParams, page, WorkspaceParams } from '../../http/schemas'
import { getRun } from '../../runs/run-store'

const FlatQuery = PageQuery.extend({ process_run_id: z.string().min(1).optional() })

/** How one request reads a run's page: its rows, and each row as the API's resource. */
export interface RunPageReader<R extends { seq: number }, T> {
  read: (cursor: number | undefined, fetch: number) => R[]
  toResource: (row: R) => T
}

export interface RunListSpec<R extends { seq: number }, T extends z.ZodType> {
  /** The last path segment of both forms: `step-runs`, `outputs`. */
  name: string
  permission: Permission
  tag: string
  resource: T
  nested: { operationId: string; summary: string }
  flat: { operationId: string; summary: string }
  /** A reader for one request (it may keep what it read for the page, e.g. the rows' files). */
  readerFor: (runId: string) => RunPageReader<R, z.input<T>>
}

/** Declares both forms of a run's list. */
export function routeRunList<R extends { seq: number }, T extends z.ZodType>(
  route: ReturnType<typeof routeDefiner>,
  ctx: RoomContext,
  spec: RunListSpec<R, T>,
): void {
  const listOf = (
    workspaceId: string,
    runId: string,
    query: z.infer<typeof PageQuery>,
    request: FastifyRequest,
  ) => {
    if (!getRun(ctx.db, workspaceId, runId)) throw notFound(`Process run ${runId.slice(0, 100)} not found`)
    const { read, toResource } = spec.readerFor(runId)
    return answerPage(request, ctx.origin(), query, read, toResource)
  }
  const shared = {
    method: 'GET' as const,
    permission: spec.permission,
    tag: spec.tag,
    response: page(spec.resource),
    errors: [404],
  }

  route(
    {
      ...shared,
      ...spec.flat,
      url: `/workspaces/:workspace_id/${spec.name}`,
      params: WorkspaceParams,
      query: FlatQuery,
    },
    async ({ params, query, request }) => {
      if (query.process_run_id === undefined)
        throw invalidRequest('Invalid query parameter "process_run_id": required')
      return listOf(params.workspace_id, query.process_run_id, query, request)
    },
  )
  route(
    {
      ...shared,
      ...spec.nested,
      url: `/workspaces/:workspace_id/process-runs/:process_run_id/${spec.name}`,
      params: ProcessRunParams,
      query: PageQuery,
    },
    async ({ params, query, request }) => listOf(params.workspace_id, params.process_run_id, query, request),
  )
}
