/**
 * Signed links for run files, on the open scope (the signature is the credential, checked by
 * signed-link-guard.ts before the body is read): artifact downloads and work item file upload
 * targets (a multipart POST, as S3 presigned POSTs take, streamed to disk).
 */
import { createReadStream } from 'node:fs'
import { mkdir, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { RoomContext } from '../../context'
import { apiError, invalidRequest, notFound } from '../../http/errors'
import { routeDefiner } from '../../http/route-definition'
import { type IncomingFile, receiveForm } from '../../http/upload-files'
import { artifactFile, getArtifact } from '../../runs/artifact-store'
import { workItemUploadPath } from '../../work-items/work-item-file-links'
import { completeFile, getFile, workItemFilePath } from '../../work-items/work-item-files'
import { artifactDownloadPath } from '../api-v1/step-runs'

/** Largest work item file the upload target takes. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024

const SignedQuery = z.object({ expires: z.string().optional(), signature: z.string().optional() })

/** Registers the signed file routes in their own scope (the multipart parser stays inside it). */
export function registerRunFileRoutes(open: FastifyInstance, ctx: RoomContext): void {
  open.register(async (scope) => {
    // Bodies stay unread streams: the upload handler writes the file part to disk as it arrives.
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('multipart/form-data', (_request, payload, done) => done(null, payload))
    scope.addContentTypeParser('*', (_request, _payload, done) =>
      done(apiError(415, 'unsupported_media_type', 'Send the file as multipart/form-data'), undefined),
    )
    const route = routeDefiner(scope, ctx.routes, '')

    route(
      {
        method: 'GET',
        url: '/files/artifacts/:artifact_id/:name',
        operationId: 'downloadStepRunArtifact',
        summary: 'Download an artifact through its signed link',
        tag: 'files',
        auth: 'signed-link',
        signedLink: { path: (params) => artifactDownloadPath(params.artifact_id ?? '', params.name ?? '') },
        hidden: true,
        params: z.object({ artifact_id: z.string().min(1), name: z.string() }),
        query: SignedQuery,
        errors: [404],
      },
      async ({ params, reply }) => {
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
        auth: 'signed-link',
        signedLink: { path: (params) => workItemUploadPath(params.file_id ?? '') },
        hidden: true,
        params: z.object({ file_id: z.string().min(1) }),
        query: SignedQuery,
        errors: [404, 409, 413, 415],
      },
      async ({ params, request, reply }) => {
        const pending = getFile(ctx.db, params.file_id)
        if (!pending) throw notFound('The work item or its file no longer exists')
        if (pending.state !== 'pending') throw apiError(409, 'conflict', 'This file was already uploaded')
        const sizeMismatch = (sent: number) =>
          invalidRequest(
            `Invalid form field "file": ${sent} bytes sent, ${pending.size} announced as file_size`,
          )
        const form = await receiveForm(request, 'file', {
          dataDir: ctx.dataDir,
          maxBytes: pending.size,
          tooLarge: () =>
            invalidRequest(
              `Invalid form field "file": more than the ${pending.size} bytes announced as file_size`,
            ),
        })
        try {
          const fileIdField = form.fields.get('file_id')
          if (fileIdField !== undefined && fileIdField !== pending.id)
            throw invalidRequest('Invalid form field "file_id": it does not match the upload link')
          if (!form.file) throw invalidRequest('Invalid form field "file": required')
          if (form.file.size !== pending.size) throw sizeMismatch(form.file.size)
          const target = workItemFilePath(ctx.dataDir, pending.id)
          await mkdir(dirname(target), { recursive: true })
          commitWorkItemFile(ctx, pending.id, form.file, target)
        } finally {
          await form.file?.discard()
        }
        // What S3 answers a presigned POST without success_action_status.
        return reply.code(204).send()
      },
    )
  })
}

/**
 * Moves a received file into place and marks it complete, in one synchronous step so that two
 * uploads racing on one link cannot both complete it: the second is a 409 and its content dropped.
 */
function commitWorkItemFile(ctx: RoomContext, fileId: string, file: IncomingFile, target: string): void {
  const row = getFile(ctx.db, fileId)
  if (!row) throw notFound('The work item or its file no longer exists')
  if (row.state !== 'pending') throw apiError(409, 'conflict', 'This file was already uploaded')
  file.moveTo(target)
  completeFile(ctx.db, fileId, file.size)
}
