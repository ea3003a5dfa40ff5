/** Files attached to work items: upload requests, their content on disk, and the item's file list. */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { nowIso, run, selectAll, selectOne } from '../db/db'

export interface WorkItemFileRow {
  id: string
  work_item_id: string
  name: string
  size: number
  state: 'pending' | 'completed'
}

/** Where a work item file's content lives. */
export function workItemFilePath(dataDir: string, fileId: string): string {
  return join(dataDir, 'work-item-files', fileId)
}

/** Records an upload request; the file shows in the item once its content arrives. */
export function createPendingFile(
  db: DatabaseSync,
  input: { workItemId: string; name: string; size: number },
): string {
  const id = randomUUID()
  run(
    db,
    `INSERT INTO work_item_files (id, work_item_id, name, size, state, created_at) VALUES (?, ?, ?, ?, 'pending', ?)`,
    id,
    input.workItemId,
    input.name,
    input.size,
    nowIso(),
  )
  return id
}

/** One file row by id. */
export function getFile(db: DatabaseSync, fileId: string): WorkItemFileRow | undefined {
  return selectOne<WorkItemFileRow>(
    db,
    'SELECT id, work_item_id, name, size, state FROM work_item_files WHERE id = ?',
    fileId,
  )
}

/** Marks an upload complete with the size actually received. */
export function completeFile(db: DatabaseSync, fileId: string, size: number): void {
  run(db, `UPDATE work_item_files SET state = 'completed', size = ? WHERE id = ?`, size, fileId)
}

/** The uploaded files of an item, oldest first. */
export function listItemFiles(db: DatabaseSync, workItemId: string): WorkItemFileRow[] {
  return selectAll<WorkItemFileRow>(
    db,
    `SELECT id, work_item_id, name, size, state FROM work_item_files WHERE work_item_id = ? AND state = 'completed' ORDER BY seq`,
    workItemId,
  )
}

/** Every file of some items, by item (to remove their content after the rows are deleted). */
export function fileIdsOfItems(db: DatabaseSync, itemIds: readonly string[]): Map<string, string[]> {
  const byItem = new Map<string, string[]>()
  for (const itemId of itemIds) {
    const rows = selectAll<{ id: string }>(
      db,
      'SELECT id FROM work_item_files WHERE work_item_id = ?',
      itemId,
    )
    if (rows.length > 0)
      byItem.set(
        itemId,
        rows.map((row) => row.id),
      )
  }
  return byItem
}

/** Removes a file's row (the caller removes its content). */
export function deleteItemFile(db: DatabaseSync, fileId: string): void {
  run(db, 'DELETE FROM work_item_files WHERE id = ?', fileId)
}
