/**
 * Signed links for run files, on the open scope (the signature is the credential): artifact
 * downloads and work item file upload targets (a multipart POST, as S3 presigned POSTs take).
 */
import { createReadStream } from 'node:fs'
import { mkdir, stat, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { RoomContext } from '../context'
import { apiError, invalidRequest, notFound } from '../errors'
import { multipartBoundary, parseMultipart } from '../multipart'
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../private-fs'
import { routeDefiner } from '../route-definition'
import { artifactFile, getArtifact } from '../store/artifacts'
import { completeFile, getFile, workItemFilePath } from '../store/work-item-files'

/** Largest work item file the upload target takes. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024

/** The signed path a work item file's content is POSTed to. */
export function workItemUploadPath(fileId: string): string {
  return `/files/work-item-uploads/${encodeURIComponent(fileId)}`
}

const SignedQuery = z.object({ expires: z.string().optional(), signature: z.string().optional() })

/** Registers the signed file routes in their own scope (the multipart parser stays inside it). */
export function registerRunFileRoutes(open: FastifyInstance, ctx: RoomContext): void {
  open.register(async (scope) => {
    scope.addContentTypeParser(
      'multipart/form-data',
      { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES + 64 * 1024 },
      (_request, body, done) => done(null, body),
    )
    const route = routeDefiner(scope, ctx.routes, '')

    route(
      {
        method: 'GET',
        url: '/files/artifacts/:artifact_id/:name',
        operationId: 'downloadStepRunArtifact',
        summary: 'Download an artifact through its signed link',
        tag: 'files',
        auth: 'public',
        hidden: true,
        params: z.object({ artifact_id: z.string().min(1), name: z.string() }),
        query: SignedQuery,
        errors: [403, 404],
      },
      async ({ params, request, reply }) => {
        ctx.urls.verify(request)
        const row = getArtifact(ctx.db, params.artifact_id)
        const file = row ? artifactFile(ctx.dataDir, row) : null
        if (!row || !file) throw notFound('The artifact no longer exists')
        const size = await stat(file)
          .then((info) => info.size)
          .catch(() => -1)
        if (size < 0) throw notFound('The artifact no longer exists')
        const name = row.name.split('/').pop() ?? 'artifact'
        return reply
          .type('application/octet-stream')
          .header('content-length', size)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
          .send(createReadStream(file))
      },
    )

    route(
      {
        method: 'POST',
        url: '/files/work-item-uploads/:file_id',
        operationId: 'uploadWorkItemFileContent',
        summary: 'Upload target of a work item file (multipart/form-data: the form_data fields and file)',
        tag: 'files',
        auth: 'public',
        hidden: true,
        params: z.object({ file_id: z.string().min(1) }),
        query: SignedQuery,
        errors: [403, 404, 409],
      },
      async ({ params, request, reply }) => {
        ctx.urls.verify(request)
        const row = getFile(ctx.db, params.file_id)
        if (!row) throw notFound('The work item or its file no longer exists')
        if (row.state !== 'pending') throw apiError(409, 'conflict', 'This file was already uploaded')
        if (!Buffer.isBuffer(request.body))
          throw apiError(415, 'unsupported_media_type', 'Send the file as multipart/form-data')
        const parts = parseMultipart(request.body, multipartBoundary(request.headers['content-type']))
        const fileIdField = parts.find((part) => part.name === 'file_id')
        if (fileIdField && fileIdField.data.toString('utf8') !== row.id)
          throw invalidRequest('Invalid form field "file_id": it does not match the upload link')
        const file = parts.find((part) => part.name === 'file')
        if (!file) throw invalidRequest('Invalid form field "file": required')
        if (file.data.length !== row.size) {
          throw invalidRequest(
            `Invalid form field "file": ${file.data.length} bytes sent, ${row.size} announced as file_size`,
          )
        }
        const path = workItemFilePath(ctx.dataDir, row.id)
        await mkdir(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE })
        await writeFile(path, file.data, { mode: PRIVATE_FILE_MODE })
        completeFile(ctx.db, row.id, file.data.length)
        // What S3 answers a presigned POST without success_action_status.
        return reply.code(204).send()
      },
    )
  })
}
