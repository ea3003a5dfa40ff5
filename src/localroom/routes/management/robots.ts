/**
 * Robots managed with a user access credential (management API, used by the app): import a local
 * folder, list, get with tasks, delete. Task packages uploaded through API v1 and the bundled
 * samples are robots too and show here.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { MANAGEMENT_PREFIX, type RoomContext } from '../../context'
import { found } from '../../http/errors'
import { routeDefiner } from '../../http/route-definition'
import { Deleted, isoDateTime, WorkspaceParams } from '../../http/schemas'
import { getRobot, listRobots, processesUsingRobot, type RobotRow } from '../../robot/robot-store'
import { deleteRobot, importRobotFolder, robotTasks } from '../../robot/robots'

export const RobotParams = WorkspaceParams.extend({ robot_id: z.string().min(1).max(100) })

const RobotTask = z.object({
  name: z.string(),
  runnable: z.boolean().describe('false for a task the room cannot run (robotTaskName)'),
  problem: z.string().optional().describe('why the task cannot run'),
})

export const RobotResource = z.object({
  id: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  source: z.enum(['bundled', 'package', 'folder']),
  folder: z.string().nullable().describe('bundled robots: the folder name under the robots dir'),
  has_content: z.boolean().describe('false for a task package whose zip has not been uploaded'),
  tasks: z.array(RobotTask),
  problem: z.string().nullable().describe('why the tasks cannot be read (e.g. a missing bundled folder)'),
  size: z.number().int().nullable().describe('bytes of the robot files'),
  sha256: z.string().nullable().describe('sha256 (hex) of the uploaded package zip'),
  used_by: z.array(z.string()).describe('names of the processes with a step on this robot'),
  created_at: isoDateTime,
  updated_at: isoDateTime,
})
export type RobotResource = z.infer<typeof RobotResource>

const ImportBody = z.object({
  path: z.string().min(1).max(4096).describe('absolute path of a local robot folder (with robot.yaml)'),
  name: z.string().trim().min(1).max(255).optional().describe('default: the folder name'),
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
      operationId: 'importRobotFolder',
      summary: 'Import a local robot folder (copied into the room after its robot.yaml is checked)',
      params: WorkspaceParams,
      body: ImportBody,
      bodyRequired: true,
      response: RobotResource,
    },
    async ({ params, body }) => {
      const robot = await importRobotFolder(ctx, {
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
