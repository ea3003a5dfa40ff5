/**
 * Signed download and upload targets for asset content, in the open scope: the link's signature
 * (ctx.urls) is the credential, as with Control Room's presigned storage URLs. The upload target
 * takes raw bytes of any content type, so its content-type parser lives in this module's own
 * fastify scope only (encapsulation); everywhere else bodies stay JSON-only.
 */
import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { type Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { RoomContext } from '../context'
import { apiError, notFound } from '../errors'
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../private-fs'
import { routeDefiner } from '../route-definition'
import {
  assetsDir,
  completeUpload,
  failUpload,
  getAssetById,
  getUploadById,
  uploadFile,
} from '../store/assets'

/** Where the signed asset file links point (open scope, no prefix). */
export const ASSET_FILES_PATH = '/asset-files'
/** Largest content accepted through an upload URL. */
export const UPLOAD_URL_LIMIT_BYTES = 50 * 1024 * 1024
/** How long an upload URL stays valid; a still-pending upload then reports itself failed. */
export const UPLOAD_URL_TTL_SECONDS = 60 * 60

const FileParams = z.object({ file_id: z.string().regex(/^[0-9a-f-]{36}$/, 'not a file id') })

/**
 * Moves finished content into place and marks the upload completed, in one synchronous step so no
 * other request interleaves. False (and the content discarded) when the upload or asset is gone or
 * the upload is no longer pending.
 */
export function commitUploadFile(
  ctx: RoomContext,
  uploadId: string,
  tempFile: string,
  size: number,
): boolean {
  const target = uploadFile(ctx.dataDir, uploadId)
  const upload = getUploadById(ctx.db, uploadId)
  if (upload?.status !== 'pending') {
    rmSync(tempFile, { force: true })
    return false
  }
  renameSync(tempFile, target)
  const replaced = completeUpload(ctx.db, uploadId, size)
  if (replaced === false) {
    rmSync(target, { force: true })
    return false
  }
  if (replaced !== null) removeUploadFiles(ctx, [replaced])
  return true
}

/** Removes the content files of uploads (best effort: a missing file is already what we want). */
export function removeUploadFiles(ctx: RoomContext, uploadIds: readonly string[]): void {
  for (const id of uploadIds) {
    try {
      rmSync(uploadFile(ctx.dataDir, id), { force: true })
    } catch (error) {
      ctx.log(`warning: could not remove asset content ${id}: ${(error as Error).message}`)
    }
  }
}

/** Counts bytes through a stream and fails it past `limit`. */
function byteLimit(limit: number, counted: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counted.bytes += chunk.length
      if (counted.bytes > limit)
        done(apiError(413, 'payload_too_large', `Content is larger than ${limit} bytes`))
      else done(null, chunk)
    },
  })
}

/** Registers the routes. */
export function registerAssetFileRoutes(open: FastifyInstance, ctx: RoomContext): void {
  open.register(async (scope) => {
    // Raw bytes, whatever the client labels them (robocorp-storage sends no Content-Type at all).
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload))
    const route = routeDefiner(scope, ctx.routes, '')

    route(
      {
        method: 'GET',
        url: `${ASSET_FILES_PATH}/:file_id`,
        operationId: 'downloadAssetContent',
        summary: 'Download asset content (signed URL from getAsset)',
        tag: 'asset',
        auth: 'public',
        hidden: true,
        params: FileParams,
        errors: [403, 404],
      },
      async ({ params, request, reply }) => {
        ctx.urls.verify(request)
        const upload = getUploadById(ctx.db, params.file_id)
        const asset = upload && getAssetById(ctx.db, upload.asset_id)
        if (!upload || !asset || asset.current_upload_id !== upload.id)
          throw notFound('No such asset content')
        return (
          reply
            .type(upload.content_type)
            .header('content-length', String(upload.size ?? 0))
            // Content is user-supplied: never let a browser render it as part of the room's origin.
            .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(asset.name)}`)
            .header('x-content-type-options', 'nosniff')
            .header('content-security-policy', "default-src 'none'; sandbox")
            .header('cache-control', 'private, no-store')
            .send(createReadStream(uploadFile(ctx.dataDir, upload.id)))
        )
      },
    )

    route(
      {
        method: 'PUT',
        url: `${ASSET_FILES_PATH}/:file_id`,
        operationId: 'uploadAssetContent',
        summary: 'Upload asset content (signed upload_url from createAssetUpload)',
        tag: 'asset',
        auth: 'public',
        hidden: true,
        params: FileParams,
        errors: [403, 404, 409, 413],
      },
      async ({ params, request, reply }) => {
        ctx.urls.verify(request)
        const upload = getUploadById(ctx.db, params.file_id)
        if (!upload) throw notFound('No such upload')
        if (upload.status !== 'pending')
          throw apiError(409, 'conflict', `The upload is already ${upload.status}`)
        const tooLarge = `Content is larger than the ${UPLOAD_URL_LIMIT_BYTES}-byte limit`
        if (Number(request.headers['content-length'] ?? 0) > UPLOAD_URL_LIMIT_BYTES) {
          failUpload(ctx.db, upload.id, tooLarge)
          throw apiError(413, 'payload_too_large', tooLarge)
        }
        await mkdir(assetsDir(ctx.dataDir), { recursive: true, mode: PRIVATE_DIR_MODE })
        const temp = `${uploadFile(ctx.dataDir, upload.id)}.${randomBytes(6).toString('hex')}.part`
        const counted = { bytes: 0 }
        const body = request.body as Readable | undefined
        try {
          if (body)
            await pipeline(
              body,
              byteLimit(UPLOAD_URL_LIMIT_BYTES, counted),
              createWriteStream(temp, { mode: PRIVATE_FILE_MODE }),
            )
          else await pipeline(async function* () {}, createWriteStream(temp, { mode: PRIVATE_FILE_MODE }))
        } catch (error) {
          rmSync(temp, { force: true })
          if (counted.bytes > UPLOAD_URL_LIMIT_BYTES) {
            failUpload(ctx.db, upload.id, tooLarge)
            throw apiError(413, 'payload_too_large', tooLarge)
          }
          // The client went away mid-body (the upload stays pending; the link may be used again).
          if (request.raw.readableAborted || request.raw.destroyed)
            throw apiError(400, 'invalid_request', 'The upload was interrupted before the body ended')
          throw error
        }
        if (!commitUploadFile(ctx, upload.id, temp, counted.bytes))
          throw apiError(409, 'conflict', 'The upload is no longer pending')
        return reply.code(200).send()
      },
    )
  })
}
