/**
 * The legacy Process API's step runs ("robot runs") and their artifacts, as receivers written for
 * Control Room call them back after a robot_run_event END (rpaframework's RPA.Robocorp.Process:
 * get_process_run_status with a step run, list_run_artifacts, get_robot_run_artifact). An artifact
 * is answered as a JSON string: a signed download link that needs no key, like Control Room's
 * presigned URLs. Field names of the step run follow the legacy camelCase; they are inferred
 * (controlroom-api.md §11.9, docs/compatibility.md).
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { LEGACY_PROCESS_PREFIX, type RoomContext } from '../../context'
import { notFound } from '../../http/errors'
import { routeDefiner } from '../../http/route-definition'
import { ProcessParams } from '../../http/schemas'
import { getArtifact, listArtifacts } from '../../runs/artifact-store'
import { getRun } from '../../runs/run-store'
import { getStepRun, type StepRunRow } from '../../runs/step-run-reads'
import { ARTIFACT_URL_TTL_SECONDS, artifactDownloadPath } from '../api-v1/step-runs'
import { LegacyOutcome } from './process-v1'

/** Most artifacts a step run records (artifact-store.ts): the legacy list is one unpaginated array. */
const ALL_ARTIFACTS = 1000

/** v1 step run state → legacy: INI (waiting), IP (running), COMPL (ended either way; result says how). */
const LEGACY_STEP_STATES = {
  new: 'INI',
  awaiting_worker: 'INI',
  in_progress: 'IP',
  completed: 'COMPL',
  failed: 'COMPL',
} as const

const LegacyRobotRun = LegacyOutcome.extend({
  processRunId: z.string(),
  activityId: z.string().describe('The step'),
  activityName: z.string(),
  stateTs: z.string(),
  startTs: z.string().nullable(),
  endTs: z.string().nullable(),
  duration: z.number().nullable().describe('seconds'),
})
const LegacyArtifact = z.object({ id: z.string(), fileName: z.string(), fileSize: z.number() })

const RobotRunParams = ProcessParams.extend({ run_id: z.string().min(1), robot_run_id: z.string().min(1) })
const ArtifactParams = RobotRunParams.extend({ artifact_id: z.string().min(1), '*': z.string() })

function toLegacyRobotRun(row: StepRunRow, processId: string): z.infer<typeof LegacyRobotRun> {
  const ended = row.state === 'completed' || row.state === 'failed'
  return {
    id: row.id,
    state: LEGACY_STEP_STATES[row.state],
    result: ended ? (row.state === 'completed' ? 'OK' : 'ERR') : null,
    errorCode: row.state === 'failed' ? (row.error_code ?? 'failed') : null,
    workspaceId: row.workspace_id,
    processId,
    processRunId: row.process_run_id,
    activityId: row.step_id,
    activityName: row.step_name,
    stateTs: row.state_updated_at,
    startTs: row.started_at,
    endTs: row.ended_at,
    duration: row.duration,
  }
}

/** Registers the legacy step run and artifact routes (beside process-v1.ts, on its scope). */
export function registerLegacyRobotRunRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, LEGACY_PROCESS_PREFIX)
  /** The step run named by the whole path: its run must be the process's, and it the run's. */
  const robotRunOr404 = (params: z.infer<typeof RobotRunParams>): StepRunRow => {
    const run = getRun(ctx.db, params.workspace_id, params.run_id)
    const step =
      run?.process_id === params.process_id
        ? getStepRun(ctx.db, params.workspace_id, params.robot_run_id)
        : undefined
    if (!step || step.process_run_id !== params.run_id)
      throw notFound(`Robot run ${params.robot_run_id.slice(0, 100)} not found`)
    return step
  }
  const base = '/workspaces/:workspace_id/processes/:process_id/runs/:run_id/robotRuns/:robot_run_id'

  route(
    {
      method: 'GET',
      url: base,
      operationId: 'legacyGetRobotRun',
      permission: 'Processes.read_runs',
      summary: 'Get a step run (robot run) of a process run in the legacy shape',
      tag: 'process-v1',
      params: RobotRunParams,
      response: LegacyRobotRun,
      errors: [404],
    },
    async ({ params }) => toLegacyRobotRun(robotRunOr404(params), params.process_id),
  )

  route(
    {
      method: 'GET',
      url: `${base}/artifacts`,
      operationId: 'legacyListRobotRunArtifacts',
      permission: 'Processes.read_run_outputs',
      summary: 'List the artifacts of a step run: [{id, fileName, fileSize}], oldest first',
      tag: 'process-v1',
      params: RobotRunParams,
      response: z.array(LegacyArtifact),
      errors: [404],
    },
    async ({ params }) => {
      const step = robotRunOr404(params)
      return listArtifacts(ctx.db, step.id, undefined, ALL_ARTIFACTS)
        .reverse()
        .map((row) => ({ id: row.id, fileName: row.name, fileSize: row.size }))
    },
  )

  route(
    {
      method: 'GET',
      url: `${base}/artifacts/:artifact_id/*`,
      operationId: 'legacyGetRobotRunArtifactUrl',
      permission: 'Processes.read_run_outputs',
      summary: 'Get a download URL (a JSON string, valid for one hour, no key needed) for an artifact',
      tag: 'process-v1',
      params: ArtifactParams,
      response: z.string(),
      errors: [404],
    },
    async ({ params, reply }) => {
      const step = robotRunOr404(params)
      const row = getArtifact(ctx.db, params.artifact_id, step.id)
      // The file name is part of the path, as Control Room's is: it must be the artifact's.
      if (!row || row.name !== params['*'])
        throw notFound(`Artifact ${params.artifact_id.slice(0, 100)} not found`)
      const url = ctx.urls.sign(
        ctx.origin(),
        'GET',
        artifactDownloadPath(row.id, row.name),
        ARTIFACT_URL_TTL_SECONDS,
      )
      // A JSON string, not text: fastify would send a returned string as text/plain.
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(url))
    },
  )
}
