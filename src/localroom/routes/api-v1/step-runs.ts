/** Step runs: list (and the older nested variant), get, artifacts, console messages, events. */
import { posix } from 'node:path'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { API_PREFIX, type RoomContext } from '../../context'
import { found } from '../../http/errors'
import { answerPage } from '../../http/pagination'
import { routeDefiner } from '../../http/route-definition'
import { isoDateTime, PageQuery, page, WorkspaceParams } from '../../http/schemas'
import { getArtifact, listArtifacts } from '../../runs/artifact-store'
import { getStepRun, listConsole, listEvents, listStepRuns, type StepRunRow } from '../../runs/step-run-reads'
import { routeRunList } from './run-lists'

/** How long an artifact download link works (Control Room's presigned links are short-lived). */
export const ARTIFACT_URL_TTL_SECONDS = 3600

const StepRunResource = z.object({
  id: z.string(),
  state: z.enum(['new', 'awaiting_worker', 'in_progress', 'completed', 'failed']),
  state_updated_at: isoDateTime,
  error: z.object({ code: z.string() }).nullable(),
  started_at: isoDateTime.nullable(),
  ended_at: isoDateTime.nullable(),
  duration: z.number().nullable().describe('seconds'),
  step: z.object({ id: z.string(), name: z.string() }),
})
const Artifact = z.object({ id: z.string(), name: z.string(), size: z.number() })
const ArtifactWithUrl = Artifact.extend({ url: z.string() })
const ConsoleMessage = z.object({ timestamp: isoDateTime, message: z.string() })
const StepRunEvent = z.object({ timestamp: z.string(), event_type: z.string() })

const StepRunParams = WorkspaceParams.extend({ step_run_id: z.string().min(1) })
const ArtifactParams = StepRunParams.extend({ artifact_id: z.string().min(1) })

/** Renders a step run row as the API's StepRun. */
function toStepRun(row: StepRunRow): z.infer<typeof StepRunResource> {
  return {
    id: row.id,
    state: row.state,
    state_updated_at: row.state_updated_at,
    // A failed step always has a code; one that failed without saying why still shows as failed.
    error: row.state === 'failed' ? { code: row.error_code ?? 'failed' } : null,
    started_at: row.started_at,
    ended_at: row.ended_at,
    duration: row.duration,
    step: { id: row.step_id, name: row.step_name },
  }
}

/** The signed path an artifact is downloaded from (served by run-files.ts). */
export function artifactDownloadPath(artifactId: string, name: string): string {
  return `/files/artifacts/${encodeURIComponent(artifactId)}/${encodeURIComponent(posix.basename(name))}`
}

/** Registers the step run routes. */
export function registerStepRunRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, API_PREFIX)
  const stepRunOr404 = (workspaceId: string, id: string) =>
    found(getStepRun(ctx.db, workspaceId, id), 'Step run', id)
  /** One page of a step run's own list (artifacts, console lines, events); 404 for another workspace's. */
  const pageOfStepRun = <R extends { seq: number }, T>(
    {
      params,
      query,
      request,
    }: { params: z.infer<typeof StepRunParams>; query: z.infer<typeof PageQuery>; request: FastifyRequest },
    read: (db: RoomContext['db'], stepRunId: string, cursor: number | undefined, limit: number) => R[],
    toResource: (row: R) => T,
  ) => {
    const stepRun = stepRunOr404(params.workspace_id, params.step_run_id)
    return answerPage(
      request,
      ctx.origin(),
      query,
      (cursor, limit) => read(ctx.db, stepRun.id, cursor, limit),
      toResource,
    )
  }

  routeRunList(route, ctx, {
    name: 'step-runs',
    permission: 'Processes.read_processes',
    tag: 'step-run',
    resource: StepRunResource,
    flat: { operationId: 'listStepRuns', summary: 'List step runs of a process run' },
    // The older spec's nested form (controlroom-api.md §2.10, S1c).
    nested: {
      operationId: 'listStepRunsNested',
      summary: 'List step runs of a process run (older nested route)',
    },
    readerFor: (runId) => ({
      read: (cursor, limit) => listStepRuns(ctx.db, runId, cursor, limit),
      toResource: toStepRun,
    }),
  })

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/step-runs/:step_run_id',
      operationId: 'getStepRun',
      permission: 'Processes.read_runs',
      summary: 'Get step run',
      tag: 'step-run',
      params: StepRunParams,
      response: StepRunResource,
      errors: [404],
    },
    async ({ params }) => toStepRun(stepRunOr404(params.workspace_id, params.step_run_id)),
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/step-runs/:step_run_id/artifacts',
      operationId: 'listStepRunArtifacts',
      permission: 'Processes.read_run_outputs',
      summary: 'List step run artifacts',
      tag: 'step-run',
      params: StepRunParams,
      query: PageQuery,
      response: page(Artifact),
      errors: [404],
    },
    async (input) =>
      pageOfStepRun(input, listArtifacts, (row) => ({ id: row.id, name: row.name, size: row.size })),
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/step-runs/:step_run_id/artifacts/:artifact_id',
      operationId: 'getStepRunArtifact',
      permission: 'Processes.read_run_outputs',
      summary: 'Get step run artifact (with a download URL valid for one hour)',
      tag: 'step-run',
      params: ArtifactParams,
      response: ArtifactWithUrl,
      errors: [404],
    },
    async ({ params }) => {
      const stepRun = stepRunOr404(params.workspace_id, params.step_run_id)
      const row = found(getArtifact(ctx.db, params.artifact_id, stepRun.id), 'Artifact', params.artifact_id)
      const path = artifactDownloadPath(row.id, row.name)
      const url = ctx.urls.sign(ctx.origin(), 'GET', path, ARTIFACT_URL_TTL_SECONDS)
      return { id: row.id, name: row.name, size: row.size, url }
    },
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/step-runs/:step_run_id/console-messages',
      operationId: 'listStepRunConsoleMessages',
      permission: 'Processes.read_run_outputs',
      summary: 'List step run console messages (oldest first, available while the step runs)',
      tag: 'step-run',
      params: StepRunParams,
      query: PageQuery,
      response: page(ConsoleMessage),
      errors: [404],
    },
    async (input) =>
      pageOfStepRun(input, listConsole, (row) => ({ timestamp: row.timestamp, message: row.message })),
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/step-runs/:step_run_id/events',
      operationId: 'listStepRunEvents',
      permission: 'Processes.read_run_outputs',
      summary: 'List step run events (oldest first)',
      tag: 'step-run',
      params: StepRunParams,
      query: PageQuery,
      response: page(StepRunEvent),
      errors: [404],
    },
    async (input) =>
      pageOfStepRun(input, listEvents, (row) => ({ timestamp: row.timestamp, event_type: row.event_type })),
  )
}
