/**
 * Signed download and upload targets for asset content, in the open scope: the link's signature
 * is the credential (checked by signed-link-guard.ts before the body is read), as with Control
 * Room's presigned storage URLs. The upload target takes raw bytes of any content type, streamed to
 * disk, so its content-type parser lives in this module's own fastify scope only (encapsulation);
 * everywhere else bodies stay JSON-only.
 */
import { createReadStream, rmSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  assetsDir,
  completeUpload,
  failUpload,
  getAssetById,
  getUploadById,
  uploadFile,
} from '../../assets/asset-store'
import type { RoomContext } from '../../context'
import { apiError, notFound } from '../../http/errors'
import { routeDefiner } from '../../http/route-definition'
import { type IncomingFile, receiveBody } from '../../http/upload-files'

/** Where the signed asset file links point (open scope, no prefix). */
export const ASSET_FILES_PATH = '/asset-files'
/** Largest content accepted through an upload URL. */
export const UPLOAD_URL_LIMIT_BYTES = 50 * 1024 * 1024
/** How long an upload URL stays valid; a still-pending upload then reports itself failed. */
export const UPLOAD_URL_TTL_SECONDS = 60 * 60

/** The signed path of an upload's content (its download link and its upload link alike). */
export function assetFilePath(uploadId: string): string {
  return `${ASSET_FILES_PATH}/${encodeURIComponent(uploadId)}`
}

const FileParams = z.object({ file_id: z.string().regex(/^[0-9a-f-]{36}$/, 'not a file id') })
const signedLink = { path: (params: Readonly<Record<string, string>>) => assetFilePath(params.file_id ?? '') }

/**
 * Moves received content into place and marks the upload completed, in one synchronous step so no
 * other request interleaves. False (and the content discarded) when the upload or asset is gone or
 * the upload is no longer pending.
 */
export async function commitUploadFile(
  ctx: RoomContext,
  uploadId: string,
  file: IncomingFile,
): Promise<boolean> {
  await mkdir(assetsDir(ctx.dataDir), { recursive: true })
  const target = uploadFile(ctx.dataDir, uploadId)
  if (getUploadById(ctx.db, uploadId)?.status !== 'pending') {
    await file.discard()
    return false
  }
  file.moveTo(target)
  const replaced = completeUpload(ctx.db, uploadId, file.size)
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
        auth: 'signed-link',
        signedLink,
        hidden: true,
        params: FileParams,
        errors: [404],
      },
      async ({ params, reply }) => {
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
        auth: 'signed-link',
        signedLink,
        hidden: true,
        params: FileParams,
        errors: [404, 409, 413],
      },
      async ({ params, request, reply }) => {
        const upload = getUploadById(ctx.db, params.file_id)
        if (!upload) throw notFound('No such upload')
        if (upload.status !== 'pending')
          throw apiError(409, 'conflict', `The upload is already ${upload.status}`)
        const tooLarge = `Content is larger than the ${UPLOAD_URL_LIMIT_BYTES}-byte limit`
        // Too large fails the upload; an interrupted one stays pending (the link may be used again).
        const file = await receiveBody(request, {
          dataDir: ctx.dataDir,
          maxBytes: UPLOAD_URL_LIMIT_BYTES,
          tooLarge: () => {
            failUpload(ctx.db, upload.id, tooLarge)
            return apiError(413, 'payload_too_large', tooLarge)
          },
        })
        if (!(await commitUploadFile(ctx, upload.id, file)))
          throw apiError(409, 'conflict', 'The upload is no longer pending')
        return reply.code(200).send()
      },
    )
  })
}
