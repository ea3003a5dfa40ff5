/**
 * Work items handed to and taken from a robot through files, as robocorp-workitems' FileAdapter
 * reads and writes them: a JSON list of `{payload, files: {name: path}}`, file paths relative to
 * the JSON file's folder. Plus Robodeck's release file, since the stock FileAdapter's
 * release_input records nothing: `[{index | id, state: "DONE"|"FAILED", exception?}]`.
 */
import { randomUUID } from 'node:crypto'
import { readFile, rm, stat } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { copyPrivateFile, makePrivateDir, writePrivateFile } from '../../platform/private-fs'
import { nowIso, run } from '../db/db'
import { describePath, findTooDeep, TOO_DEEP } from '../http/json-depth'
import type { InputItem, ItemRelease } from '../runs/step-run-store'
import { listItemFiles, workItemFilePath } from './work-item-files'

/** An output work item as the robot wrote it, its files resolved to absolute paths. */
export interface OutputItem {
  payload: unknown
  files: { name: string; path: string }[]
}

/** A file name safe to use as one path segment. */
function safeName(name: string): string {
  const base = basename(name.replaceAll('\\', '/'))
  return base === '' || base === '.' || base === '..' ? 'file' : base
}

/** Writes the input file and copies each item's uploaded files into a folder per item next to it. */
export async function writeInputItems(
  db: DatabaseSync,
  dataDir: string,
  inputPath: string,
  items: readonly InputItem[],
): Promise<void> {
  const folder = dirname(inputPath)
  const list: { payload: unknown; files: Record<string, string> }[] = []
  for (const [index, item] of items.entries()) {
    const files: Record<string, string> = {}
    for (const file of listItemFiles(db, item.id)) {
      const name = safeName(file.name)
      await makePrivateDir(join(folder, String(index)))
      await copyPrivateFile(workItemFilePath(dataDir, file.id), join(folder, String(index), name))
      files[name] = `${index}/${name}`
    }
    list.push({ payload: item.payload, files })
  }
  await writePrivateFile(inputPath, JSON.stringify(list, null, 2))
}

/** Reads the output file; a missing file means no outputs. Files must stay inside `allowedRoot`. */
export async function readOutputItems(path: string, allowedRoot: string): Promise<OutputItem[]> {
  const items = await readJsonList(path)
  if (items === null) return []
  return items.map((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new Error(`item ${index} is not an object`)
    }
    const record = item as { payload?: unknown; files?: unknown }
    const files: OutputItem['files'] = []
    if (record.files !== undefined && record.files !== null) {
      if (typeof record.files !== 'object' || Array.isArray(record.files))
        throw new Error(`item ${index}: files is not an object of name: path`)
      for (const [name, rel] of Object.entries(record.files)) {
        if (typeof rel !== 'string') throw new Error(`item ${index}: file ${name} has no path`)
        const absolute = resolve(dirname(path), rel)
        const inside = relative(allowedRoot, absolute)
        if (inside.startsWith('..') || isAbsolute(inside))
          throw new Error(`item ${index}: file ${name} is outside the step's working folder`)
        files.push({ name: safeName(name), path: absolute })
      }
    }
    return { payload: record.payload ?? null, files }
  })
}

/** Reads the release file into releases of the given input items (by index or id). */
export async function readReleases(path: string, items: readonly InputItem[]): Promise<ItemRelease[]> {
  const list = await readJsonList(path)
  if (list === null) return []
  const releases: ItemRelease[] = []
  for (const [at, entry] of list.entries()) {
    const record = (entry ?? {}) as Record<string, unknown>
    const item =
      typeof record.index === 'number'
        ? items[record.index]
        : items.find((candidate, index) => candidate.id === record.id || String(index) === record.id)
    if (!item) throw new Error(`release ${at} names no input item of this step`)
    const state = String(record.state ?? '').toUpperCase()
    if (state !== 'DONE' && state !== 'COMPLETED' && state !== 'FAILED')
      throw new Error(`release ${at}: state must be DONE or FAILED`)
    const exception = (record.exception ?? null) as Record<string, unknown> | null
    const type = String(exception?.type ?? 'APPLICATION').toLowerCase()
    releases.push({
      itemId: item.id,
      state: state === 'FAILED' ? 'failed' : 'done',
      exception:
        state === 'FAILED'
          ? {
              type: type === 'business' ? 'business' : 'application',
              code: exception?.code === undefined ? null : String(exception.code),
              message: exception?.message === undefined ? null : String(exception.message),
            }
          : null,
    })
  }
  return releases
}

/** Copies output files into the room's file store as files of the given work items or run outputs. */
export async function storeOutputFiles(
  db: DatabaseSync,
  dataDir: string,
  target: 'work_item' | 'run_output',
  owners: readonly { id: string; files: OutputItem['files'] }[],
): Promise<void> {
  for (const owner of owners) {
    for (const file of owner.files) {
      const id = randomUUID()
      const destination = workItemFilePath(dataDir, id)
      await makePrivateDir(dirname(destination))
      try {
        await copyPrivateFile(file.path, destination)
        const { size } = await stat(destination)
        if (target === 'work_item') {
          run(
            db,
            `INSERT INTO work_item_files (id, work_item_id, name, size, state, created_at) VALUES (?, ?, ?, ?, 'completed', ?)`,
            id,
            owner.id,
            file.name,
            size,
            nowIso(),
          )
        } else {
          run(
            db,
            'INSERT INTO run_output_files (id, run_output_id, name, size, created_at) VALUES (?, ?, ?, ?, ?)',
            id,
            owner.id,
            file.name,
            size,
            nowIso(),
          )
        }
      } catch (error) {
        // A copy a full disk cut short, or one no row points to, would only take space.
        await rm(destination, { force: true }).catch(() => {})
        throw error
      }
    }
  }
}

async function readJsonList(path: string): Promise<unknown[] | null> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  // Checked before parsing: a too-deep payload would parse, then fail where the room stores it.
  const tooDeep = findTooDeep(text)
  if (tooDeep) throw new Error(`the JSON at "${describePath(tooDeep)}" ${TOO_DEEP}`)
  const value: unknown = JSON.parse(text)
  if (!Array.isArray(value)) throw new Error('expected a JSON list')
  return value
}
