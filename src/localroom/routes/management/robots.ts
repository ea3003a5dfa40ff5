/**
 * Robots managed with a user access credential (management API, used by the app): import a local
 * folder or robot zip (robot/robot-import.ts), list, get with tasks, delete. Task packages uploaded
 * through API v1 and the bundled samples are robots too and show here.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ManagedRobot } from '../../../shared/room-robots'
import { MANAGEMENT_PREFIX, type RoomContext } from '../../context'
import { found } from '../../http/errors'
import { routeDefiner } from '../../http/route-definition'
import { Deleted, WorkspaceParams } from '../../http/schemas'
import { importRobot } from '../../robot/robot-import'
import { getRobot, listRobots, processesUsingRobot, type RobotRow } from '../../robot/robot-store'
import { deleteRobot, robotTasks } from '../../robot/robots'

export const RobotParams = WorkspaceParams.extend({ robot_id: z.string().min(1).max(100) })

/** The room's answer for a robot (shared: the app's core reads it with the same schema). */
export const RobotResource = ManagedRobot
export type RobotResource = z.infer<typeof RobotResource>

const ImportBody = z.object({
  path: z
    .string()
    .min(1)
    .max(4096)
    .describe(
      'absolute path of a local robot folder (with robot.yaml) or of a robot zip (checked as a task package upload is)',
    ),
  name: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .optional()
    .describe("default: the folder's name, or the zip's without its extension"),
})

/** The API shape of a robot row. */
export async function robotResource(ctx: RoomContext, robot: RobotRow): Promise<RobotResource> {
  const { tasks, problem } = await robotTasks(ctx, robot)
  return {
    id: robot.id,
    workspace_id: robot.workspace_id,
    name: robot.name,
    source: robot.source,
    folder: robot.folder,
    has_content: robot.has_content === 1,
    tasks,
    problem,
    size: robot.size,
    sha256: robot.sha256,
    used_by: processesUsingRobot(ctx.db, robot.id),
    created_at: robot.created_at,
    updated_at: robot.updated_at,
  }
}

/** Registers the routes. */
export function registerManagedRobotRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, MANAGEMENT_PREFIX)
  const common = { tag: 'robot', auth: 'user-credential' as const }

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/robots',
      operationId: 'listRobots',
      summary: 'List robots (bundled samples, task packages, imported folders)',
      params: WorkspaceParams,
      response: z.object({ next: z.null(), has_more: z.literal(false), data: z.array(RobotResource) }),
    },
    async ({ params }) => {
      const rows = listRobots(ctx.db, params.workspace_id)
      const data = await Promise.all(rows.map((row) => robotResource(ctx, row)))
      return { next: null, has_more: false as const, data }
    },
  )

  route(
    {
      ...common,
      method: 'POST',
      url: '/workspaces/:workspace_id/robots',
      operationId: 'importRobot',
      summary:
        'Import a local robot folder (copied) or robot zip (unpacked as a task package), robot.yaml checked',
      params: WorkspaceParams,
      body: ImportBody,
      bodyRequired: true,
      response: RobotResource,
    },
    async ({ params, body }) => {
      const robot = await importRobot(ctx, {
        workspaceId: params.workspace_id,
        path: body.path,
        name: body.name,
      })
      return robotResource(ctx, robot)
    },
  )

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/robots/:robot_id',
      operationId: 'getRobot',
      summary: 'Get a robot with its tasks',
      params: RobotParams,
      response: RobotResource,
      errors: [404],
    },
    async ({ params }) => {
      const robot = found(getRobot(ctx.db, params.workspace_id, params.robot_id), 'Robot', params.robot_id)
      return robotResource(ctx, robot)
    },
  )

  route(
    {
      ...common,
      method: 'DELETE',
      url: '/workspaces/:workspace_id/robots/:robot_id',
      operationId: 'deleteRobot',
      summary: 'Delete a robot (409 while a process step uses it)',
      params: RobotParams,
      response: Deleted,
      errors: [404, 409],
    },
    async ({ params }) => {
      const robot = found(getRobot(ctx.db, params.workspace_id, params.robot_id), 'Robot', params.robot_id)
      await deleteRobot(ctx, robot)
      return { id: robot.id, deleted: true as const }
    },
  )
}
