/**
 * Task packages (robots as zips) through API v1: create, upload and download links, delete. A task
 * package is a robot of the room (robot/robot-store.ts) with source 'package'; its id works wherever a
 * robot id does (process steps, the management API). The links point at task-package-files.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { API_PREFIX, type RoomContext } from '../../context'
import { apiError, found } from '../../http/errors'
import { requestOrigin } from '../../http/pagination'
import { routeDefiner } from '../../http/route-definition'
import { Deleted, WorkspaceParams } from '../../http/schemas'
import { getRobot, insertRobot } from '../../robot/robot-store'
import { deleteRobot } from '../../robot/robots'

/** Where the signed upload and download links point (open scope, no prefix). */
export const TASK_PACKAGE_FILES_PATH = '/task-package-files'
/** The signed path of a task package's content (its upload and download links alike). */
export function taskPackageFilePath(id: string): string {
  return `${TASK_PACKAGE_FILES_PATH}/${encodeURIComponent(id)}`
}
/** How long an upload or download link stays valid. */
export const TASK_PACKAGE_LINK_TTL_SECONDS = 60 * 60

const TaskPackageParams = WorkspaceParams.extend({ task_package_id: z.string().min(1).max(100) })

const CreateBody = z.object({
  name: z.string().trim().min(1).max(255),
  // The 2023-11 spec adds `type`; "zip" is the only kind there is.
  type: z.literal('zip').optional(),
})

const TaskPackageResource = z.object({ id: z.string(), name: z.string() })
const TaskPackageUploadLink = z.object({
  url: z.string().describe('signed URL: POST or PUT the zip (raw bytes, or multipart with a "file" part)'),
  form_data: z
    .record(z.string(), z.string())
    .describe('fields to send first in a multipart POST (none here)'),
})
const TaskPackageDownloadLink = z.object({ url: z.string().describe('signed URL of the zip, valid 1 hour') })

/** Registers the routes. */
export function registerTaskPackageRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, API_PREFIX)
  const find = (workspaceId: string, id: string) =>
    found(getRobot(ctx.db, workspaceId, id), 'Task package', id)
  /** The signed link to a package's zip, on the origin the client called. */
  const linkTo = (request: FastifyRequest, method: 'GET' | 'POST', packageId: string) =>
    ctx.urls.sign(
      requestOrigin(request, ctx.origin()),
      method,
      taskPackageFilePath(packageId),
      TASK_PACKAGE_LINK_TTL_SECONDS,
    )

  route(
    {
      method: 'POST',
      url: '/workspaces/:workspace_id/task-packages',
      operationId: 'createTaskPackage',
      permission: 'Tasks.write_task_packages',
      summary: 'Create new task package',
      tag: 'task-package',
      params: WorkspaceParams,
      body: CreateBody,
      bodyRequired: true,
      response: TaskPackageResource,
    },
    async ({ params, body }) => {
      const robot = insertRobot(ctx.db, {
        workspaceId: params.workspace_id,
        name: body.name,
        source: 'package',
      })
      return { id: robot.id, name: robot.name }
    },
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/task-packages/:task_package_id/upload',
      operationId: 'getTaskPackageUploadLink',
      permission: 'Tasks.write_task_packages',
      summary: 'Get task package upload link',
      tag: 'task-package',
      params: TaskPackageParams,
      response: TaskPackageUploadLink,
      errors: [404, 409],
    },
    async ({ params, request }) => {
      const robot = find(params.workspace_id, params.task_package_id)
      if (robot.source !== 'package')
        throw apiError(
          409,
          'conflict',
          `Robot ${robot.name} is not a task package (it is a ${robot.source} robot): its content cannot be uploaded`,
        )
      // Signed for POST; the upload route also takes PUT on the same link.
      return { url: linkTo(request, 'POST', robot.id), form_data: {} }
    },
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/task-packages/:task_package_id/download',
      operationId: 'getTaskPackageDownloadLink',
      permission: 'Tasks.read_task_packages',
      summary: 'Get task package download link',
      tag: 'task-package',
      params: TaskPackageParams,
      response: TaskPackageDownloadLink,
      errors: [404, 409],
    },
    async ({ params, request }) => {
      const robot = find(params.workspace_id, params.task_package_id)
      if (!robot.has_content)
        throw apiError(409, 'conflict', 'The task package has no content yet: upload its zip first')
      return { url: linkTo(request, 'GET', robot.id) }
    },
  )

  route(
    {
      method: 'DELETE',
      url: '/workspaces/:workspace_id/task-packages/:task_package_id',
      operationId: 'deleteTaskPackage',
      permission: 'Tasks.write_task_packages',
      summary: 'Delete task package (409 while a process step uses it)',
      tag: 'task-package',
      params: TaskPackageParams,
      response: Deleted,
      errors: [404, 409],
    },
    async ({ params }) => {
      const robot = find(params.workspace_id, params.task_package_id)
      await deleteRobot(ctx, robot)
      return { id: robot.id, deleted: true as const }
    },
  )
}
