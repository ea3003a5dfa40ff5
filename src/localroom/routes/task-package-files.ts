/**
 * Signed upload and download targets for task package zips, in the open scope: the link's signature
 * (ctx.urls) is the credential, as with Control Room's presigned storage URLs. The zip may come as
 * raw bytes (application/zip or application/octet-stream, POST or PUT) or as the multipart POST the
 * spec's `form_data` implies (a part named "file"). Those content-type parsers live in this
 * module's own fastify scope only; everywhere else bodies stay JSON-only.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { RoomContext } from '../context'
import { apiError, invalidRequest, notFound } from '../errors'
import { multipartBoundary, parseMultipart } from '../multipart'
import { ZIP_LIMITS } from '../robot/robot-zip'
import { installPackageZip, robotZip } from '../robots'
import { routeDefiner } from '../route-definition'
import { getRobot } from '../store/robots'
import { TASK_PACKAGE_FILES_PATH } from './task-packages'

const FileParams = z.object({ task_package_id: z.string().min(1).max(100) })

/** The largest request body: the package limit plus room for multipart framing. */
const UPLOAD_BODY_LIMIT = ZIP_LIMITS.compressedBytes + 64 * 1024

const tooLarge = () =>
  apiError(
    413,
    'payload_too_large',
    `The package is larger than the ${ZIP_LIMITS.compressedBytes}-byte limit`,
  )

/** The upload link is signed for POST; a PUT on the same link is checked as that POST. */
function verifyUpload(ctx: RoomContext, request: FastifyRequest): void {
  ctx.urls.verify({ method: 'POST', url: request.url } as FastifyRequest)
}

/** The zip bytes of an upload request (raw body, or the "file" part of a multipart form). */
function uploadedZip(request: FastifyRequest): Buffer {
  const body = request.body
  if (!Buffer.isBuffer(body) || body.length === 0)
    throw invalidRequest('Invalid robot package: the body is empty')
  if (!/^multipart\/form-data/i.test(request.headers['content-type'] ?? '')) return body
  const parts = parseMultipart(body, multipartBoundary(request.headers['content-type']))
  const file = parts.find((part) => part.name === 'file')
  if (!file) throw invalidRequest('Invalid robot package: the form has no "file" part')
  if (file.data.length > ZIP_LIMITS.compressedBytes) throw tooLarge()
  return file.data
}

/** Registers the routes. */
export function registerTaskPackageFileRoutes(open: FastifyInstance, ctx: RoomContext): void {
  open.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    for (const type of ['application/zip', 'application/octet-stream', 'multipart/form-data']) {
      scope.addContentTypeParser(
        type,
        { parseAs: 'buffer', bodyLimit: UPLOAD_BODY_LIMIT },
        (_r, body, done) => done(null, body),
      )
    }
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
    // Signature and declared size before the body is read: a stranger or an oversized upload costs nothing.
    scope.addHook('onRequest', async (request) => {
      if (request.method !== 'POST' && request.method !== 'PUT') return
      verifyUpload(ctx, request)
      if (Number(request.headers['content-length'] ?? 0) > UPLOAD_BODY_LIMIT) throw tooLarge()
    })
    const route = routeDefiner(scope, ctx.routes, '')
    const common = {
      url: `${TASK_PACKAGE_FILES_PATH}/:task_package_id`,
      tag: 'task-package',
      auth: 'public' as const,
      hidden: true,
      params: FileParams,
    }

    route(
      {
        ...common,
        method: 'GET',
        operationId: 'downloadTaskPackageContent',
        summary: 'Download a task package zip (signed URL from getTaskPackageDownloadLink)',
        errors: [403, 404, 409],
      },
      async ({ params, request, reply }) => {
        ctx.urls.verify(request)
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
          operationId: method === 'POST' ? 'uploadTaskPackageContent' : 'putTaskPackageContent',
          summary: 'Upload a task package zip (signed URL from getTaskPackageUploadLink)',
          bodyLimit: UPLOAD_BODY_LIMIT,
          errors: [403, 404, 409, 413, 415],
        },
        async ({ params, request, reply }) => {
          verifyUpload(ctx, request)
          const robot = getRobot(ctx.db, null, params.task_package_id)
          if (!robot) throw notFound('No such task package')
          if (robot.source !== 'package') throw apiError(409, 'conflict', 'The robot is not a task package')
          await installPackageZip(ctx, robot, uploadedZip(request))
          return reply.code(204).send()
        },
      )
    }
  })
}
