/**
 * The work item data API robots use (json-v1), as robocorp-workitems' RobocorpAdapter calls it with
 * `Bearer RC_API_WORKITEM_TOKEN`: an item's payload (GET/PUT `data`) and its files (list, an upload
 * request answered with a presigned-POST style `{url, fields}`, a download link, delete). A token
 * reaches only the items its step run reserved or created; any other id is a 404.
 */
import { rm } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { RoomContext } from '../../context'
import { notFound } from '../../http/errors'
import { robotGrant } from '../../http/robot-token-auth'
import { routeDefiner } from '../../http/route-definition'
import { WorkspaceParams } from '../../http/schemas'
import { reachableItem } from '../../work-items/robot-items'
import { itemFileDownloadUrl, requestItemFileUpload } from '../../work-items/work-item-file-links'
import { deleteItemFile, getFile, listItemFiles, workItemFilePath } from '../../work-items/work-item-files'
import { updatePayload } from '../../work-items/work-item-store'
import { MAX_UPLOAD_BYTES } from '../files/run-files'

/** Where the work item data API lives (RC_API_WORKITEM_HOST + this). */
export const JSON_V1_PREFIX = '/json-v1'

const ItemParams = WorkspaceParams.extend({ work_item_id: z.string().min(1) })
const FileParams = ItemParams.extend({ file_id: z.string().min(1) })
const FileName = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[\\/]/.test(name) && name !== '.' && name !== '..', 'a file name, not a path')
const UploadBody = z.object({ fileName: FileName, fileSize: z.number().int().min(0).max(MAX_UPLOAD_BYTES) })
const FileEntry = z.object({ fileName: z.string(), fileId: z.string(), size: z.number() })

/** Registers the routes (in the json-v1 scope, whose guard is the robot token). */
export function registerRobotWorkItemDataRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, JSON_V1_PREFIX)
  const common = { tag: 'robot-work-items', auth: 'robot-token' as const }
  const itemOr404 = (request: Parameters<typeof robotGrant>[0], itemId: string) => {
    const item = reachableItem(ctx.db, robotGrant(request), itemId)
    if (!item) throw notFound(`Work item ${itemId.slice(0, 100)} is not one of this step run's items`)
    return item
  }
  const fileOr404 = (itemId: string, fileId: string) => {
    const file = getFile(ctx.db, fileId)
    if (!file || file.work_item_id !== itemId || file.state !== 'completed')
      throw notFound(`File ${fileId.slice(0, 100)} not found in work item ${itemId.slice(0, 100)}`)
    return file
  }

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/workitems/:work_item_id/data',
      operationId: 'robotGetWorkItemData',
      summary: "A work item's payload (any JSON)",
      params: ItemParams,
      response: z.unknown(),
      errors: [404],
    },
    async ({ request, params }) => JSON.parse(itemOr404(request, params.work_item_id).payload) as unknown,
  )

  route(
    {
      ...common,
      method: 'PUT',
      url: '/workspaces/:workspace_id/workitems/:work_item_id/data',
      operationId: 'robotSetWorkItemData',
      summary: "Replace a work item's payload",
      params: ItemParams,
      body: z.unknown(),
      response: z.unknown(),
      errors: [404],
    },
    async ({ request, params, body }) => {
      const item = itemOr404(request, params.work_item_id)
      updatePayload(ctx.db, item.id, body ?? null)
      return body ?? null
    },
  )

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/workitems/:work_item_id/files',
      operationId: 'robotListWorkItemFiles',
      summary: "A work item's files",
      params: ItemParams,
      response: z.array(FileEntry),
      errors: [404],
    },
    async ({ request, params }) =>
      listItemFiles(ctx.db, itemOr404(request, params.work_item_id).id).map((file) => ({
        fileName: file.name,
        fileId: file.id,
        size: file.size,
      })),
  )

  route(
    {
      ...common,
      method: 'POST',
      url: '/workspaces/:workspace_id/workitems/:work_item_id/files',
      operationId: 'robotCreateWorkItemFile',
      summary:
        'Request an upload of a work item file: POST `fields` and `file` as multipart/form-data to `url`',
      params: ItemParams,
      body: UploadBody,
      bodyRequired: true,
      response: z.object({ url: z.string(), fields: z.record(z.string(), z.string()) }),
      errors: [404],
    },
    async ({ request, params, body }) => {
      const item = itemOr404(request, params.work_item_id)
      return requestItemFileUpload(ctx, item.id, { name: body.fileName, size: body.fileSize })
    },
  )

  route(
    {
      ...common,
      method: 'GET',
      url: '/workspaces/:workspace_id/workitems/:work_item_id/files/:file_id',
      operationId: 'robotGetWorkItemFile',
      summary: "A work item file's download link",
      params: FileParams,
      response: z.object({ url: z.string() }),
      errors: [404],
    },
    async ({ request, params }) => {
      const item = itemOr404(request, params.work_item_id)
      const file = fileOr404(item.id, params.file_id)
      return { url: itemFileDownloadUrl(ctx, file.id) }
    },
  )

  route(
    {
      ...common,
      method: 'DELETE',
      url: '/workspaces/:workspace_id/workitems/:work_item_id/files/:file_id',
      operationId: 'robotDeleteWorkItemFile',
      summary: 'Delete a work item file',
      params: FileParams,
      response: z.object({ fileId: z.string(), deleted: z.literal(true) }),
      errors: [404],
    },
    async ({ request, params }) => {
      const item = itemOr404(request, params.work_item_id)
      const file = fileOr404(item.id, params.file_id)
      deleteItemFile(ctx.db, file.id)
      await rm(workItemFilePath(ctx.dataDir, file.id), { force: true })
      return { fileId: file.id, deleted: true as const }
    },
  )
}
