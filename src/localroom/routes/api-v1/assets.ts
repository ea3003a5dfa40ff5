/**
 * Asset Storage in API v1: create, list, get (by id or `name:<name>`), delete, uploads (inline
 * base64 `data` up to INLINE_LIMIT_BYTES, or a signed upload URL for larger content) and the
 * payload's signed download URL. The signed file routes themselves are in asset-files.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  type AssetRow,
  createAsset,
  createUpload,
  deleteAsset,
  failUpload,
  findAsset,
  getUpload,
  listAssets,
  type UploadRow,
} from '../../assets/asset-store'
import { API_PREFIX, type RoomContext } from '../../context'
import { apiError, found, invalidRequest, notFound } from '../../http/errors'
import { answerPage, requestOrigin } from '../../http/pagination'
import { routeDefiner } from '../../http/route-definition'
import { Deleted, PageQuery, page, WorkspaceParams } from '../../http/schemas'
import { IncomingFile } from '../../http/upload-files'
import {
  assetFilePath,
  commitUploadFile,
  removeUploadFiles,
  UPLOAD_URL_TTL_SECONDS,
} from '../files/asset-files'

/** Largest content sent inline as base64 `data` (the spec: "payloads with less than 5MB"). */
export const INLINE_LIMIT_BYTES = 5 * 1024 * 1024
/** How long a download URL in an asset's payload stays valid. */
export const DOWNLOAD_URL_TTL_SECONDS = 60 * 60
/** Longest asset name. */
export const MAX_ASSET_NAME_LENGTH = 255

// base64 of INLINE_LIMIT_BYTES, plus room for the JSON around it.
const UPLOAD_BODY_LIMIT = Math.ceil(INLINE_LIMIT_BYTES / 3) * 4 + 64 * 1024
// A media type (RFC 9110 token/token, optional parameters); no CR/LF, since it becomes a header.
const MEDIA_TYPE = /^[A-Za-z0-9][\w!#$&^.+-]{0,126}\/[A-Za-z0-9][\w!#$&^.+-]{0,126}(\s*;[ -~]*)?$/

/** C0 controls and DEL (names show up in headers and file names downstream). */
function isControl(char: string): boolean {
  const code = char.charCodeAt(0)
  return code < 0x20 || code === 0x7f
}

const AssetName = z
  .string()
  .min(1)
  .max(MAX_ASSET_NAME_LENGTH)
  .refine((name) => ![...name].some(isControl), 'must not contain control characters')
const ContentType = z.string().max(255).regex(MEDIA_TYPE, 'expected a media type such as text/plain')

const AssetResource = z.object({ id: z.string(), name: z.string() })
const PayloadEmpty = z.object({ type: z.literal('empty') })
const PayloadUrl = z.object({
  type: z.literal('url'),
  content_type: z.string(),
  url: z.string().describe('Signed, time-limited download URL; GET it without an API key'),
})
const AssetDetails = AssetResource.extend({ payload: z.union([PayloadEmpty, PayloadUrl]) })
const EmptyAssetDetails = AssetResource.extend({ payload: PayloadEmpty })

const UploadCompleted = z.object({ id: z.string(), status: z.literal('completed'), content_type: z.string() })
const UploadPending = z.object({ id: z.string(), status: z.literal('pending'), content_type: z.string() })
const UploadFailed = z.object({
  id: z.string(),
  status: z.literal('failed'),
  content_type: z.string(),
  reason: z.string(),
})
const UploadCreatedWithUrl = UploadPending.extend({
  upload_url: z.string().describe('Signed, time-limited URL: PUT the raw content there'),
})

const AssetParams = WorkspaceParams.extend({
  asset_id: z.string().min(1).describe('Asset ID, or the asset name prefixed with `name:`'),
})
const UploadParams = AssetParams.extend({ upload_id: z.string().min(1) })
const CreateAssetBody = z.object({ name: AssetName })
const CreateUploadBody = z.object({
  content_type: ContentType,
  data: z.string().optional().describe(`Base64 content, at most ${INLINE_LIMIT_BYTES} bytes once decoded`),
})

/** The asset's payload: empty, or a signed download URL for its current content. */
function payloadOf(
  ctx: RoomContext,
  request: FastifyRequest,
  row: AssetRow,
): z.infer<typeof AssetDetails>['payload'] {
  if (row.current_upload_id === null || row.content_type === null) return { type: 'empty' }
  const path = assetFilePath(row.current_upload_id)
  const url = ctx.urls.sign(requestOrigin(request, ctx.origin()), 'GET', path, DOWNLOAD_URL_TTL_SECONDS)
  return { type: 'url', content_type: row.content_type, url }
}

/** An upload as the API reports it; a pending upload whose URL expired is failed. */
function toUpload(ctx: RoomContext, row: UploadRow) {
  const base = { id: row.id, content_type: row.content_type }
  if (row.status === 'pending' && Date.parse(row.created_at) + UPLOAD_URL_TTL_SECONDS * 1000 < Date.now()) {
    const reason = 'The upload URL expired before any content was uploaded'
    failUpload(ctx.db, row.id, reason)
    return { ...base, status: 'failed' as const, reason }
  }
  if (row.status === 'failed') return { ...base, status: 'failed' as const, reason: row.reason ?? 'unknown' }
  return { ...base, status: row.status }
}

/**
 * Decodes inline `data`, or throws a 400 naming the field. Checked with one pass over the text (a
 * regular expression over megabytes of base64 overflowed the stack: issue 7) and Node's decoder.
 */
function decodeInline(data: string): Buffer {
  const tooLarge = () =>
    invalidRequest(
      `Invalid request body field "data": content over ${INLINE_LIMIT_BYTES} bytes must be sent to the upload URL (omit "data")`,
    )
  if (data.length > Math.ceil(INLINE_LIMIT_BYTES / 3) * 4) throw tooLarge()
  if (!isBase64(data)) throw invalidRequest('Invalid request body field "data": expected base64')
  const content = Buffer.from(data, 'base64')
  // Length is checked on the decoded bytes: 5 MiB of content is 5 MiB, whatever its padding.
  if (content.length > INLINE_LIMIT_BYTES) throw tooLarge()
  return content
}

/** Standard padded base64 (RFC 4648 section 4): groups of four alphabet characters, `=` only at the end. */
export function isBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  for (let index = 0; index < text.length - padding; index++) {
    const code = text.charCodeAt(index)
    const alphabet =
      (code >= 0x41 && code <= 0x5a) || // A-Z
      (code >= 0x61 && code <= 0x7a) || // a-z
      (code >= 0x30 && code <= 0x39) || // 0-9
      code === 0x2b || // +
      code === 0x2f // /
    if (!alphabet) return false
  }
  return true
}

/** Registers the asset routes. */
export function registerAssetRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, API_PREFIX)
  const read = 'Assets.read_asset_storage_assets' as const
  const write = 'Assets.write_asset_storage_assets' as const
  const requireAsset = (workspaceId: string, ref: string) =>
    found(findAsset(ctx.db, workspaceId, ref), 'Asset', ref)

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/assets',
      operationId: 'listAssets',
      permission: read,
      summary: 'List assets',
      tag: 'asset',
      params: WorkspaceParams,
      query: PageQuery,
      response: page(AssetResource),
    },
    async ({ params, query, request }) =>
      answerPage(
        request,
        ctx.origin(),
        query,
        (beforeSeq, limit) => listAssets(ctx.db, { workspaceId: params.workspace_id, beforeSeq, limit }),
        (row) => ({ id: row.id, name: row.name }),
      ),
  )

  route(
    {
      method: 'POST',
      url: '/workspaces/:workspace_id/assets',
      operationId: 'createAsset',
      permission: write,
      summary: 'Create new asset',
      tag: 'asset',
      params: WorkspaceParams,
      body: CreateAssetBody,
      bodyRequired: true,
      response: EmptyAssetDetails,
      errors: [409],
    },
    async ({ params, body }) => {
      const row = createAsset(ctx.db, params.workspace_id, body.name)
      if (!row) throw apiError(409, 'conflict', 'An asset with this name already exists in the workspace')
      return { id: row.id, name: row.name, payload: { type: 'empty' as const } }
    },
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/assets/:asset_id',
      operationId: 'getAsset',
      permission: read,
      summary: 'Get asset',
      tag: 'asset',
      params: AssetParams,
      response: AssetDetails,
      errors: [404],
    },
    async ({ params, request }) => {
      const row = requireAsset(params.workspace_id, params.asset_id)
      return { id: row.id, name: row.name, payload: payloadOf(ctx, request, row) }
    },
  )

  route(
    {
      method: 'DELETE',
      url: '/workspaces/:workspace_id/assets/:asset_id',
      operationId: 'deleteAsset',
      permission: write,
      summary: 'Delete asset',
      tag: 'asset',
      params: AssetParams,
      response: Deleted,
      errors: [404],
    },
    async ({ params }) => {
      const row = requireAsset(params.workspace_id, params.asset_id)
      removeUploadFiles(ctx, deleteAsset(ctx.db, row.id))
      return { id: row.id, deleted: true as const }
    },
  )

  const createUploadSpec = {
    method: 'POST' as const,
    permission: write,
    tag: 'asset',
    params: AssetParams,
    body: CreateUploadBody,
    bodyRequired: true,
    bodyLimit: UPLOAD_BODY_LIMIT,
    response: z.union([UploadCompleted, UploadCreatedWithUrl]),
    errors: [404, 413],
  }
  const createUploadHandler = async ({
    params,
    body,
    request,
  }: {
    params: z.infer<typeof AssetParams>
    body: z.infer<typeof CreateUploadBody>
    request: FastifyRequest
  }) => {
    const asset = requireAsset(params.workspace_id, params.asset_id)
    const content = body.data === undefined ? null : decodeInline(body.data)
    const upload = createUpload(ctx.db, asset.id, body.content_type)
    if (content === null) {
      const path = assetFilePath(upload.id)
      const origin = requestOrigin(request, ctx.origin())
      const uploadUrl = ctx.urls.sign(origin, 'PUT', path, UPLOAD_URL_TTL_SECONDS)
      return {
        id: upload.id,
        status: 'pending' as const,
        content_type: upload.content_type,
        upload_url: uploadUrl,
      }
    }
    const file = await IncomingFile.holding(ctx.dataDir, content)
    if (!(await commitUploadFile(ctx, upload.id, file))) throw notFound(`Asset ${params.asset_id} not found`)
    return { id: upload.id, status: 'completed' as const, content_type: upload.content_type }
  }
  route(
    {
      ...createUploadSpec,
      url: '/workspaces/:workspace_id/assets/:asset_id/uploads',
      operationId: 'createAssetUpload',
      summary: 'Create asset upload',
    },
    createUploadHandler,
  )
  // The robocorp-storage library posts to the singular path: served too, so it works unchanged.
  route(
    {
      ...createUploadSpec,
      url: '/workspaces/:workspace_id/assets/:asset_id/upload',
      operationId: 'createAssetUploadSingular',
      summary: 'Create asset upload (the path robocorp-storage uses)',
    },
    createUploadHandler,
  )

  route(
    {
      method: 'GET',
      url: '/workspaces/:workspace_id/assets/:asset_id/uploads/:upload_id',
      operationId: 'getAssetUpload',
      // The spec asks for the write permission here, not read.
      permission: write,
      summary: 'Get asset upload',
      tag: 'asset',
      params: UploadParams,
      response: z.union([UploadPending, UploadCompleted, UploadFailed]),
      errors: [404],
    },
    async ({ params }) => {
      const asset = requireAsset(params.workspace_id, params.asset_id)
      const upload = found(getUpload(ctx.db, asset.id, params.upload_id), 'Upload', params.upload_id)
      return toUpload(ctx, upload)
    },
  )
}
