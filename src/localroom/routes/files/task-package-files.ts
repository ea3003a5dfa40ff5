/**
 * Signed upload and download targets for task package zips, in the open scope: the link's signature
 * is the credential (checked by signed-link-guard.ts before the body is read), as with Control
 * Room's presigned storage URLs. The zip may come as raw bytes (application/zip or
 * application/octet-stream, POST or PUT) or as the multipart POST the spec's `form_data` implies (a
 * part named "file"); either way it streams to a temporary file first. Those content-type parsers
 * live in this module's own fastify scope only; everywhere else bodies stay JSON-only.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { RoomContext } from '../../context'
import { apiError, invalidRequest, notFound } from '../../http/errors'
import { routeDefiner } from '../../http/route-definition'
import { type IncomingFile, receiveBody, receiveForm, type UploadLimit } from '../../http/upload-files'
import { getRobot } from '../../robot/robot-store'
import { ZIP_LIMITS } from '../../robot/robot-zip'
import { installPackageZip, robotZip } from '../../robot/robots'
import { TASK_PACKAGE_FILES_PATH, taskPackageFilePath } from '../api-v1/task-packages'

const FileParams = z.object({ task_package_id: z.string().min(1).max(100) })

const tooLarge = () =>
  apiError(
    413,
    'payload_too_large',
    `The package is larger than the ${ZIP_LIMITS.compressedBytes}-byte limit`,
  )

/** The zip of an upload request (raw body, or the "file" part of a multipart form), on disk. */
async function receiveZip(request: FastifyRequest, limit: UploadLimit): Promise<IncomingFile> {
  if (!/^multipart\/form-data/i.test(request.headers['content-type'] ?? '')) {
    const file = await receiveBody(request, limit)
    if (file.size > 0) return file
    await file.discard()
    throw invalidRequest('Invalid robot package: the body is empty')
  }
  const form = await receiveForm(request, 'file', limit)
  if (!form.file) throw invalidRequest('Invalid robot package: the form has no "file" part')
  return form.file
}

/** Registers the routes. */
export function registerTaskPackageFileRoutes(open: FastifyInstance, ctx: RoomContext): void {
  open.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    // Bodies stay unread streams: the handler writes them to disk as they arrive.
    for (const type of ['application/zip', 'application/octet-stream', 'multipart/form-data'])
      scope.addContentTypeParser(type, (_request, payload, done) => done(null, payload))
    // Anything else (text/plain, JSON, no type at all) is told what to send instead.
    scope.addContentTypeParser('*', (_request, _payload, done) =>
      done(
        apiError(
          415,
          'unsupported_media_type',
          'Send the package as application/zip, application/octet-stream or multipart/form-data',
        ),
        undefined,
      ),
    )
    const route = routeDefiner(scope, ctx.routes, '')
    const common = {
      url: `${TASK_PACKAGE_FILES_PATH}/:task_package_id`,
      tag: 'task-package',
      auth: 'signed-link' as const,
      hidden: true,
      params: FileParams,
    }
    const path = (params: Readonly<Record<string, string>>) =>
      taskPackageFilePath(params.task_package_id ?? '')

    route(
      {
        ...common,
        method: 'GET',
        signedLink: { path },
        operationId: 'downloadTaskPackageContent',
        summary: 'Download a task package zip (signed URL from getTaskPackageDownloadLink)',
        errors: [404, 409],
      },
      async ({ params, reply }) => {
        const robot = getRobot(ctx.db, null, params.task_package_id)
        if (!robot) throw notFound('No such task package')
        const zip = await robotZip(ctx, robot)
        return reply
          .type('application/zip')
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(`${robot.name}.zip`)}`,
          )
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength))
      },
    )

    for (const method of ['POST', 'PUT'] as const) {
      route(
        {
          ...common,
          method,
          // The upload link is signed for POST; a PUT on the same link is checked as that POST.
          signedLink: { method: 'POST', path },
          operationId: method === 'POST' ? 'uploadTaskPackageContent' : 'putTaskPackageContent',
          summary: 'Upload a task package zip (signed URL from getTaskPackageUploadLink)',
          errors: [404, 409, 413, 415],
        },
        async ({ params, request, reply }) => {
          const robot = getRobot(ctx.db, null, params.task_package_id)
          if (!robot) throw notFound('No such task package')
          if (robot.source !== 'package') throw apiError(409, 'conflict', 'The robot is not a task package')
          const zip = await receiveZip(request, {
            dataDir: ctx.dataDir,
            maxBytes: ZIP_LIMITS.compressedBytes,
            tooLarge,
          })
          try {
            // Unpacked one zip at a time (robots.ts): uploads arriving together wait on disk.
            await installPackageZip(ctx, robot, zip.path)
          } finally {
            await zip.discard()
          }
          return reply.code(204).send()
        },
      )
    }
  })
}
