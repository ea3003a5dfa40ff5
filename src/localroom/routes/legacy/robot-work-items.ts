/**
 * The robot side of the Process API (process-v1), as robocorp-workitems' RobocorpAdapter and
 * rpaframework's RPA.Robocorp.WorkItems call it from inside a step run, with the step run's token
 * (`Bearer RC_API_PROCESS_TOKEN`): reserve the next input item, release one, create an output.
 * Shapes from robocorp-workitems `_adapters/_robocorp.py` (controlroom-api.md §8).
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { LEGACY_PROCESS_PREFIX, type RoomContext } from '../../context'
import { apiError, notFound } from '../../http/errors'
import { robotGrant } from '../../http/robot-token-auth'
import { routeDefiner } from '../../http/route-definition'
import { ProcessParams } from '../../http/schemas'
import type { ItemRelease } from '../../runs/step-run-store'
import { createOutputItem, releaseItem, reserveNextItem } from '../../work-items/robot-items'

/** Longest exception text kept from a robot (its messages can hold whole tracebacks). */
const MAX_EXCEPTION_TEXT = 65_536

const StepRunParams = ProcessParams.extend({ run_id: z.string().min(1), step_run_id: z.string().min(1) })
const ParentParams = ProcessParams.extend({ parent_id: z.string().min(1) })
const ReleaseBody = z.object({
  workItemId: z.string().min(1),
  state: z
    .string()
    .transform((state) => state.toUpperCase())
    .pipe(z.enum(['COMPLETED', 'DONE', 'FAILED']))
    .describe('COMPLETED (DONE is accepted) or FAILED'),
  exception: z
    .object({
      type: z.string().max(100).optional().describe('BUSINESS or APPLICATION'),
      code: z.string().max(MAX_EXCEPTION_TEXT).optional(),
      message: z.string().max(MAX_EXCEPTION_TEXT).optional(),
    })
    .nullish(),
})
const OutputBody = z.object({ payload: z.unknown().optional() })

/** A robot's release as the room stores it: the exception only on a failed item, its type lower case. */
function toRelease(body: z.infer<typeof ReleaseBody>): ItemRelease {
  if (body.state !== 'FAILED') return { itemId: body.workItemId, state: 'done', exception: null }
  const type = (body.exception?.type ?? '').toLowerCase()
  return {
    itemId: body.workItemId,
    state: 'failed',
    exception: {
      // What the libraries send; anything else is kept as Control Room's catch-all.
      type: type === 'business' || type === 'application' ? type : 'unspecified',
      code: body.exception?.code ?? null,
      message: body.exception?.message ?? null,
    },
  }
}

/** Registers the robot-side Process API routes (in the process-v1 scope). */
export function registerRobotWorkItemRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, LEGACY_PROCESS_PREFIX)
  const common = { tag: 'robot-work-items', auth: 'robot-token' as const }
  const stepRunPath = '/workspaces/:workspace_id/processes/:process_id/runs/:run_id/robotRuns/:step_run_id'

  route(
    {
      ...common,
      method: 'POST',
      url: `${stepRunPath}/reserve-next-work-item`,
      operationId: 'robotReserveNextWorkItem',
      summary: "Reserve the next input work item of the step run's step (workItemId null: none left)",
      params: StepRunParams,
      response: z.object({ workItemId: z.string().nullable() }),
    },
    async ({ request }) => {
      const grant = robotGrant(request)
      return { workItemId: reserveNextItem(ctx.db, grant.stepRunId) }
    },
  )

  route(
    {
      ...common,
      method: 'POST',
      url: `${stepRunPath}/release-work-item`,
      operationId: 'robotReleaseWorkItem',
      summary: 'Release a reserved input work item as done or failed (with the exception the robot gives)',
      params: StepRunParams,
      body: ReleaseBody,
      bodyRequired: true,
      response: z.object({ workItemId: z.string(), state: z.enum(['COMPLETED', 'FAILED']) }),
      errors: [404, 409],
    },
    async ({ request, body }) => {
      const grant = robotGrant(request)
      const release = toRelease(body)
      const refused = releaseItem(ctx.db, grant.stepRunId, release)
      if (refused === 'not_found')
        throw notFound(`Work item ${body.workItemId} is not reserved by this step run`)
      if (refused === 'not_in_progress')
        throw apiError(409, 'conflict', `Work item ${body.workItemId} was already released`)
      ctx.runner.itemsChanged(grant.processRunId)
      return {
        workItemId: body.workItemId,
        state: release.state === 'failed' ? ('FAILED' as const) : ('COMPLETED' as const),
      }
    },
  )

  route(
    {
      ...common,
      method: 'POST',
      url: '/workspaces/:workspace_id/processes/:process_id/work-items/:parent_id/output',
      operationId: 'robotCreateOutputWorkItem',
      summary: 'Create an output work item of a reserved input work item',
      params: ParentParams,
      body: OutputBody,
      response: z.object({ id: z.string() }),
      errors: [404],
    },
    async ({ request, params, body }) => {
      const grant = robotGrant(request)
      const id = createOutputItem(ctx.db, grant, params.parent_id, body?.payload ?? null)
      if (!id) throw notFound(`Work item ${params.parent_id} is not reserved by this step run`)
      return { id }
    },
  )
}
