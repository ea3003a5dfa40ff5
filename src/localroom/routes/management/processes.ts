/**
 * Processes managed with a user access credential (management API), as Control Room's process
 * editor does: ordered steps, each a (robot, task) pair with its settings (wait for the previous
 * step, parallel executions, environment variables, work item adapter), an optional default
 * payload and a timeout.
 * API v1 has no process create or update (routes/api-v1/processes.ts serves its list and start).
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ManagedStep } from '../../../shared/room-admin'
import { MANAGEMENT_PREFIX, type RoomContext } from '../../context'
import { apiError, found, invalidRequest } from '../../http/errors'
import { routeDefiner } from '../../http/route-definition'
import { Deleted, isoDateTime, ProcessParams, WorkspaceParams } from '../../http/schemas'
import {
  activeRunCount,
  createProcess,
  deleteProcess,
  getProcess,
  listProcesses,
  listSteps,
  type ProcessRow,
  type StepInput,
  updateProcess,
} from '../../processes/process-store'
import { getRobot } from '../../robot/robot-store'
import { checkStepTask } from '../../robot/robot-validate'
import { robotTasks } from '../../robot/robots'
import { StepBody, stepSettings, stepSettingsOf } from './step-settings'

/** Longest timeout a process may set (a week), and most steps in one process. */
const MAX_TIMEOUT_SECONDS = 7 * 24 * 60 * 60
const MAX_STEPS = 50

const Name = z.string().trim().min(1).max(255)
const Timeout = z.number().int().min(1).max(MAX_TIMEOUT_SECONDS).nullable()
const Steps = z.array(StepBody).min(1).max(MAX_STEPS)

const CreateBody = z.object({
  name: Name,
  steps: Steps,
  default_payload: z.unknown().optional().describe('any JSON; null or absent: runs start with {}'),
  timeout_seconds: Timeout.optional().describe("seconds each step's robot may run; null: no limit"),
})
const UpdateBody = z
  .object({
    name: Name.optional(),
    steps: Steps.optional(),
    default_payload: z.unknown().optional(),
    timeout_seconds: Timeout.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined) || 'default_payload' in body, {
    message: 'give at least one of "name", "steps", "default_payload", "timeout_seconds"',
  })

const ManagedProcess = z.object({
  id: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  steps: z.array(ManagedStep),
  default_payload: z.unknown().nullable(),
  timeout_seconds: z.number().int().nullable(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
})

/** The API shape of a process with its steps. */
function processResource(ctx: RoomContext, process: ProcessRow): z.infer<typeof ManagedProcess> {
  return {
    id: process.id,
    workspace_id: process.workspace_id,
    name: process.name,
    steps: listSteps(ctx.db, process.id).map((step) => ({
      id: step.id,
      name: step.name,
      robot_id: step.robot,
      robot_name: getRobot(ctx.db, process.workspace_id, step.robot)?.name ?? null,
      task: step.task,
      ...stepSettingsOf(step),
    })),
    default_payload: process.default_payload === null ? null : JSON.parse(process.default_payload),
    timeout_seconds: process.timeout_seconds,
    created_at: process.created_at,
    updated_at: process.updated_at ?? process.created_at,
  }
}

/** Checks every step's robot and task; a 400 names the first step that is wrong. */
async function readSteps(
  ctx: RoomContext,
  workspaceId: string,
  steps: z.infer<typeof Steps>,
): Promise<StepInput[]> {
  const result: StepInput[] = []
  for (const [index, step] of steps.entries()) {
    const field = `Invalid request body field "steps.${index}`
    const robot = getRobot(ctx.db, workspaceId, step.robot_id)
    if (!robot) throw invalidRequest(`${field}.robot_id": step ${index + 1}: unknown robot ${step.robot_id}`)
    const { tasks, problem } = await robotTasks(ctx, robot)
    if (problem)
      throw invalidRequest(`${field}.robot_id": step ${index + 1}: robot ${robot.name}: ${problem}`)
    const checked = checkStepTask(tasks, step.task)
    if ('problem' in checked)
      throw invalidRequest(`${field}.task": step ${index + 1}: robot ${robot.name}: ${checked.problem}`)
    result.push({
      name: step.name ?? checked.task,
      robot: robot.id,
      task: checked.task,
      config: stepSettings(step, index === 0, robot.source === 'bundled'),
    })
  }
  return result
}

/** undefined (not given), null (none) or the payload's JSON text. */
function payloadText(body: { default_payload?: unknown }): string | null | undefined {
  if (!('default_payload' in body)) return undefined
  return body.default_payload === null || body.default_payload === undefined
    ? null
    : JSON.stringify(body.default_payload)
}

/** Registers the routes. */
export function registerManagedProcessRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, MANAGEMENT_PREFIX)
  const common = { tag: 'process', auth: 'user-credential' as const }
  const find = (workspaceId: string, processId: string) =>
    found(getProcess(ctx.db, workspaceId, processId), 'Process', processId)
  const busy = (processId: string, what: string) => {
    const active = activeRunCount(ctx.db, processId)
    if (active > 0)
      throw apiError(
        409,
        'conflict',
        `The process has ${active} run(s) in progress; ${what} once they end (or stop them)`,
      )
  }

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/processes',
      operationId: 'managedListProcesses',
      summary: 'List processes with their steps',
      params: WorkspaceParams,
      response: z.object({ next: z.null(), has_more: z.literal(false), data: z.array(ManagedProcess) }),
    },
    async ({ params }) => ({
      next: null,
      has_more: false as const,
      data: listProcesses(ctx.db, params.workspace_id).map((process) => processResource(ctx, process)),
    }),
  )

  route(
    {
      ...common,
      method: 'POST',
      url: '/workspaces/:workspace_id/processes',
      operationId: 'managedCreateProcess',
      summary: 'Create a process',
      params: WorkspaceParams,
      body: CreateBody,
      bodyRequired: true,
      response: ManagedProcess,
    },
    async ({ params, body }) => {
      const steps = await readSteps(ctx, params.workspace_id, body.steps)
      const id = createProcess(ctx.db, {
        workspaceId: params.workspace_id,
        name: body.name,
        steps,
        defaultPayload: payloadText(body) ?? null,
        timeoutSeconds: body.timeout_seconds ?? null,
      })
      return processResource(ctx, find(params.workspace_id, id))
    },
  )

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/processes/:process_id',
      operationId: 'managedGetProcess',
      summary: 'Get a process with its steps',
      params: ProcessParams,
      response: ManagedProcess,
      errors: [404],
    },
    async ({ params }) => processResource(ctx, find(params.workspace_id, params.process_id)),
  )

  route(
    {
      ...common,
      method: 'PATCH',
      url: '/workspaces/:workspace_id/processes/:process_id',
      operationId: 'managedUpdateProcess',
      summary:
        'Edit a process (steps, when given, replace the list; 409 for steps while runs are in progress)',
      params: ProcessParams,
      body: UpdateBody,
      bodyRequired: true,
      response: ManagedProcess,
      errors: [404, 409],
    },
    async ({ params, body }) => {
      const process = find(params.workspace_id, params.process_id)
      const steps = body.steps ? await readSteps(ctx, params.workspace_id, body.steps) : undefined
      // A run reads the step list as it goes: changing it under a running run would mix two processes.
      if (steps) busy(process.id, 'change its steps')
      updateProcess(ctx.db, process.id, {
        name: body.name,
        steps,
        defaultPayload: payloadText(body),
        timeoutSeconds: body.timeout_seconds,
      })
      return processResource(ctx, find(params.workspace_id, process.id))
    },
  )

  route(
    {
      ...common,
      method: 'DELETE',
      url: '/workspaces/:workspace_id/processes/:process_id',
      operationId: 'managedDeleteProcess',
      summary: 'Delete a process with its runs and work items (409 while runs are in progress)',
      params: ProcessParams,
      response: Deleted,
      errors: [404, 409],
    },
    async ({ params }) => {
      const process = find(params.workspace_id, params.process_id)
      busy(process.id, 'delete it')
      deleteProcess(ctx.db, process.id)
      return { id: process.id, deleted: true as const }
    },
  )
}
