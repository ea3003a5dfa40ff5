/**
 * Asset Storage: named assets of a workspace and their uploads. An asset's payload is the content of
 * its latest completed upload, kept in `<data>/assets/<upload id>` (file names are ids the room
 * made, never user input). Rows are the truth; files follow them (written before the row says
 * "completed", removed after the row is gone).
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { nowIso, run, selectAll, selectOne, transaction } from '../db/db'

export type UploadStatus = 'pending' | 'completed' | 'failed'

export interface AssetRow {
  seq: number
  id: string
  workspace_id: string
  name: string
  current_upload_id: string | null
  created_at: string
  /** The current upload's content type (joined), null when the asset is empty. */
  content_type: string | null
}

export interface UploadRow {
  id: string
  asset_id: string
  status: UploadStatus
  content_type: string
  reason: string | null
  size: number | null
  created_at: string
}

/** The prefix that makes an asset reference a name rather than an id (`name:my-asset`). */
export const NAME_PREFIX = 'name:'

const ASSET_SELECT = `SELECT a.seq, a.id, a.workspace_id, a.name, a.current_upload_id, a.created_at,
  u.content_type AS content_type
  FROM assets a LEFT JOIN asset_uploads u ON u.id = a.current_upload_id`
const UPLOAD_COLUMNS = 'id, asset_id, status, content_type, reason, size, created_at'

/** Where uploads' content lives. */
export function assetsDir(dataDir: string): string {
  return join(dataDir, 'assets')
}

/** The file of one upload (the id is a UUID the room generated; checked again here). */
export function uploadFile(dataDir: string, uploadId: string): string {
  if (!/^[0-9a-f-]{36}$/.test(uploadId)) throw new Error('not an upload id')
  return join(assetsDir(dataDir), uploadId)
}

/** Creates an empty asset; null when the workspace already has one with that name. */
export function createAsset(db: DatabaseSync, workspaceId: string, name: string): AssetRow | null {
  const id = randomUUID()
  const created = transaction(db, () => {
    if (selectOne(db, 'SELECT 1 AS x FROM assets WHERE workspace_id = ? AND name = ?', workspaceId, name))
      return false
    run(
      db,
      'INSERT INTO assets (id, workspace_id, name, created_at) VALUES (?, ?, ?, ?)',
      id,
      workspaceId,
      name,
      nowIso(),
    )
    return true
  })
  return created ? (findAsset(db, workspaceId, id) ?? null) : null
}

/** An asset by id or by `name:<name>`, as the spec's asset_id parameter allows. */
export function findAsset(db: DatabaseSync, workspaceId: string, ref: string): AssetRow | undefined {
  if (ref.startsWith(NAME_PREFIX)) {
    return selectOne<AssetRow>(
      db,
      `${ASSET_SELECT} WHERE a.workspace_id = ? AND a.name = ?`,
      workspaceId,
      ref.slice(NAME_PREFIX.length),
    )
  }
  return selectOne<AssetRow>(db, `${ASSET_SELECT} WHERE a.workspace_id = ? AND a.id = ?`, workspaceId, ref)
}

/** An asset by id alone (signed file links carry only ids). */
export function getAssetById(db: DatabaseSync, assetId: string): AssetRow | undefined {
  return selectOne<AssetRow>(db, `${ASSET_SELECT} WHERE a.id = ?`, assetId)
}

/** The workspace's assets, newest first, `limit` rows before `beforeSeq` (exclusive). */
export function listAssets(
  db: DatabaseSync,
  options: { workspaceId: string; beforeSeq?: number; limit: number },
): AssetRow[] {
  return selectAll<AssetRow>(
    db,
    `${ASSET_SELECT} WHERE a.workspace_id = ? AND a.seq < ? ORDER BY a.seq DESC LIMIT ?`,
    options.workspaceId,
    options.beforeSeq ?? Number.MAX_SAFE_INTEGER,
    options.limit,
  )
}

/** Deletes an asset and its uploads; returns the upload ids whose files the caller removes. */
export function deleteAsset(db: DatabaseSync, assetId: string): string[] {
  return transaction(db, () => {
    const ids = selectAll<{ id: string }>(db, 'SELECT id FROM asset_uploads WHERE asset_id = ?', assetId)
    run(db, 'DELETE FROM assets WHERE id = ?', assetId)
    return ids.map((row) => row.id)
  })
}

/** Records a new pending upload. */
export function createUpload(db: DatabaseSync, assetId: string, contentType: string): UploadRow {
  const id = randomUUID()
  run(
    db,
    `INSERT INTO asset_uploads (id, asset_id, status, content_type, created_at) VALUES (?, ?, 'pending', ?, ?)`,
    id,
    assetId,
    contentType,
    nowIso(),
  )
  return getUploadById(db, id) as UploadRow
}

/** One upload by its id alone (the signed upload and download links carry only that). */
export function getUploadById(db: DatabaseSync, uploadId: string): UploadRow | undefined {
  return selectOne<UploadRow>(db, `SELECT ${UPLOAD_COLUMNS} FROM asset_uploads WHERE id = ?`, uploadId)
}

/** One upload of one asset. */
export function getUpload(db: DatabaseSync, assetId: string, uploadId: string): UploadRow | undefined {
  return selectOne<UploadRow>(
    db,
    `SELECT ${UPLOAD_COLUMNS} FROM asset_uploads WHERE asset_id = ? AND id = ?`,
    assetId,
    uploadId,
  )
}

/**
 * Marks a pending upload completed and makes it the asset's payload. Returns the upload it replaced
 * (whose file the caller removes), or false when the upload is gone or no longer pending.
 * Synchronous on purpose: callers rename the content into place in the same tick.
 */
export function completeUpload(db: DatabaseSync, uploadId: string, size: number): string | null | false {
  return transaction(db, () => {
    const upload = getUploadById(db, uploadId)
    if (upload?.status !== 'pending') return false
    const asset = selectOne<{ current_upload_id: string | null }>(
      db,
      'SELECT current_upload_id FROM assets WHERE id = ?',
      upload.asset_id,
    )
    run(
      db,
      `UPDATE asset_uploads SET status = 'completed', size = ?, completed_at = ? WHERE id = ?`,
      size,
      nowIso(),
      uploadId,
    )
    run(db, 'UPDATE assets SET current_upload_id = ? WHERE id = ?', uploadId, upload.asset_id)
    const previous = asset?.current_upload_id ?? null
    // The replaced upload keeps its row (its status stays readable) but no longer has content.
    return previous
  })
}

/** Marks a pending upload failed with a reason the API reports. */
export function failUpload(db: DatabaseSync, uploadId: string, reason: string): void {
  run(
    db,
    `UPDATE asset_uploads SET status = 'failed', reason = ? WHERE id = ? AND status = 'pending'`,
    reason,
    uploadId,
  )
}
