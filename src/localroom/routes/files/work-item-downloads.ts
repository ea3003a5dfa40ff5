/**
 * Signed download links of work item files, on the open scope (the signature is the credential,
 * checked by signed-link-guard.ts): what a robot's `get_file` fetches without headers, as it
 * fetches S3 presigned URLs in Control Room.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { RoomContext } from '../../context'
import { notFound } from '../../http/errors'
import { routeDefiner } from '../../http/route-definition'
import { workItemDownloadPath } from '../../work-items/work-item-file-links'
import { getFile, workItemFilePath } from '../../work-items/work-item-files'

/** Registers the route. */
export function registerWorkItemDownloadRoutes(open: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(open, ctx.routes, '')
  route(
    {
      method: 'GET',
      url: '/files/work-item-files/:file_id',
      operationId: 'downloadWorkItemFileContent',
      summary: 'Download a work item file through its signed link',
      tag: 'files',
      auth: 'signed-link',
      signedLink: { path: (params) => workItemDownloadPath(params.file_id ?? '') },
      hidden: true,
      params: z.object({ file_id: z.string().min(1) }),
      query: z.object({ expires: z.string().optional(), signature: z.string().optional() }),
      errors: [404],
    },
    async ({ params, reply }) => {
      const row = getFile(ctx.db, params.file_id)
      const path = workItemFilePath(ctx.dataDir, params.file_id)
      const size =
        row?.state === 'completed'
          ? await stat(path).then(
              (info) => info.size,
              () => -1,
            )
          : -1
      if (!row || size < 0) throw notFound('The work item file no longer exists')
      return reply
        .type('application/octet-stream')
        .header('content-length', size)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.name)}`)
        .send(createReadStream(path))
    },
  )
}
