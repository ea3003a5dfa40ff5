/**
 * The signed links of work item files, as Control Room hands out presigned S3 links: where a new
 * file's content is POSTed (multipart, with the fields it was given) and where a file is downloaded.
 * Every API that serves work item files (api-v1, process-v1, json-v1) asks here, so their links agree.
 */
import type { RoomContext } from '../context'
import { createPendingFile } from './work-item-files'

/** How long a work item file link works. */
export const ITEM_FILE_LINK_TTL_SECONDS = 3600

/** The signed path a work item file's content is POSTed to. */
export function workItemUploadPath(fileId: string): string {
  return `/files/work-item-uploads/${encodeURIComponent(fileId)}`
}

/** The signed path of a work item file's content. */
export function workItemDownloadPath(fileId: string): string {
  return `/files/work-item-files/${encodeURIComponent(fileId)}`
}

/** What signing a link needs of the room (and recording an upload, its database). */
type Room = Pick<RoomContext, 'db' | 'urls' | 'origin'>

/**
 * Records an upload request for a file of an item and signs the link its content is POSTed to; the
 * file shows in the item once that content arrives. Answered as an S3-style presigned POST: the
 * `fields` are what the client sends back beside `file`.
 */
export function requestItemFileUpload(
  room: Room,
  itemId: string,
  file: { name: string; size: number },
): { url: string; fields: { file_id: string } } {
  const fileId = createPendingFile(room.db, { workItemId: itemId, name: file.name, size: file.size })
  const url = room.urls.sign(room.origin(), 'POST', workItemUploadPath(fileId), ITEM_FILE_LINK_TTL_SECONDS)
  return { url, fields: { file_id: fileId } }
}

/** A signed download link of a work item file's content. */
export function itemFileDownloadUrl(room: Omit<Room, 'db'>, fileId: string): string {
  return room.urls.sign(room.origin(), 'GET', workItemDownloadPath(fileId), ITEM_FILE_LINK_TTL_SECONDS)
}
