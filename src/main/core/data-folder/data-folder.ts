/**
 * Which folder Robodeck keeps its data in. The desktop app's default is Electron's userData; a
 * folder the person chooses in Settings is named in a small pointer file that stays in userData
 * (outside the data folder, so it is found before the data is), and takes effect at the next
 * start, before the core or the local room open anything:
 *
 * - `move: false` starts there as it is: empty, or with the Robodeck data it already holds; the
 *   old folder keeps its data, so choosing it again comes back to it;
 * - `move: true` moves the data there first (data-move.ts: copied, checked, then removed here).
 *
 * A chosen folder that cannot be used at a start (gone, a drive not mounted, not writable) is
 * logged and the default is used for that start, with a notice in Settings; the choice is kept,
 * so the folder is used again once it is back. Web mode's folder is fixed by `--data`.
 */
import { readFileSync, renameSync } from 'node:fs'
import { dirname, isAbsolute, resolve, sep } from 'node:path'
import { z } from 'zod'
import { readLockHolder } from '../../../platform/local-room-holder'
import { makePrivateDirSync, writePrivateFileSync } from '../../../platform/private-fs'
import type { DataFolder, PickedDataFolder } from '../../../shared/system-settings'
import { NextDataFolder } from '../../../shared/system-settings'
import { CoreError } from '../errors'
import { dataEntriesIn } from './data-entries'
import { copyDataAcross, forgetMoveMark, moveIsChecked, removeOldData, sweepMovedAway } from './data-move'
import { folderProblem } from './folder-check'

/** The pointer file's name, in the desktop app's userData (which is also the default data folder). */
export const DATA_FOLDER_POINTER = 'data-folder.json'

/** Where the data is, for the core's Settings commands. */
export interface DataFolderSource {
  /** The folder this start uses. */
  readonly path: string
  state(): Omit<DataFolder, 'canShow'>
  /** Checks a folder for the next start; throws `invalid_setting` saying why it cannot be used. */
  check(path: string): Promise<PickedDataFolder>
  /** Keeps a checked choice for the next start; null keeps the folder in use. */
  choose(next: NextDataFolder | null): Promise<void>
}

/** A folder set elsewhere (web mode's `--data`): shown, never changed here. */
export function fixedDataFolder(path: string, reason: string): DataFolderSource {
  const refuse = async (): Promise<never> => {
    throw new CoreError('desktop_only', reason)
  }
  return {
    path,
    state: () => ({ path, defaultPath: path, changeable: false, fixedReason: reason }),
    check: refuse,
    choose: refuse,
  }
}

const Pointer = z.object({
  version: z.literal(1),
  /** The folder in use; absent: the default. */
  path: z.string().optional(),
  next: NextDataFolder.optional(),
})
type Pointer = z.infer<typeof Pointer>

export interface OpenDataFolderOptions {
  /** The folder used when none was chosen (the desktop app's userData). */
  defaultDir: string
  /** The pointer file; it must not be inside a folder the person can choose away. */
  pointerFile: string
  log(line: string): void
}

type Notice = DataFolder['notice']
const contains = (outer: string, inner: string) => inner.startsWith(outer.endsWith(sep) ? outer : outer + sep)

/** Reads the pointer, applies a choice made for this start, and settles on the folder to use. */
export async function openDataFolder(options: OpenDataFolderOptions): Promise<DataFolderSource> {
  const defaultDir = resolve(options.defaultDir)
  let notice: Notice
  const warn = (message: string) => {
    notice = { level: 'warning', message }
    options.log(message)
  }
  let pointer: Pointer = { version: 1 }
  try {
    pointer = Pointer.parse(JSON.parse(readFileSync(options.pointerFile, 'utf8')))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      warn(
        `The data folder setting in ${options.pointerFile} could not be read, so Robodeck uses ${defaultDir}.`,
      )
  }
  const save = (next: Pointer) => {
    makePrivateDirSync(dirname(options.pointerFile))
    writePrivateFileSync(`${options.pointerFile}.tmp`, JSON.stringify(next, null, 2))
    renameSync(`${options.pointerFile}.tmp`, options.pointerFile)
    pointer = next
  }
  const pointAt = (path: string, next?: NextDataFolder): Pointer => ({
    version: 1,
    ...(path !== defaultDir && { path }),
    ...(next && { next }),
  })

  let chosen = pointer.path ?? defaultDir
  if (pointer.next) chosen = await applyChoice(pointer.next, chosen)
  let path = chosen
  if (chosen !== defaultDir) {
    const problem = await folderProblem(chosen, { create: true })
    if (problem) {
      path = defaultDir
      warn(
        `The data folder ${chosen} cannot be used: ${problem}. Robodeck started with the default folder ` +
          `${defaultDir} instead; it uses ${chosen} again once it is back, or choose another folder.`,
      )
    }
  }
  makePrivateDirSync(path)

  async function applyChoice(next: NextDataFolder, from: string): Promise<string> {
    const to = resolve(next.path)
    const problem = await folderProblem(to, { create: true })
    if (problem) {
      warn(`Robodeck could not use ${to}: ${problem}. It goes on using ${from}.`)
      save(pointAt(from))
      return from
    }
    if (!next.move) {
      save(pointAt(to))
      notice = { level: 'info', message: `Robodeck now keeps its data in ${to}. ${from} keeps what it held.` }
      return to
    }
    try {
      await copyDataAcross({ from, to, roomHolderPid: readLockHolder(`${from}${sep}localroom`)?.pid })
    } catch (error) {
      const checked = moveIsChecked(to)
      warn(
        `Robodeck could not move its data to ${to}: ${(error as Error).message}. It goes on using ${from}, ` +
          (checked ? 'and finishes the move at the next start.' : 'with the data as it was.'),
      )
      save(pointAt(from, checked ? next : undefined))
      return from
    }
    save(pointAt(to))
    await forgetMoveMark(to)
    const leftOver = await removeOldData(from)
    if (leftOver) options.log(`the old data in ${from} could not all be removed: ${leftOver.message}`)
    notice = {
      level: 'info',
      message:
        `Your data was moved to ${to}.` +
        (leftOver ? ` Some of the old copy is left in ${from}; you may delete it.` : ''),
    }
    return to
  }
  await sweepMovedAway(defaultDir).catch(() => {})

  const check = async (picked: string): Promise<PickedDataFolder> => {
    const folder = resolve(picked)
    const refuse = (why: string) => {
      throw new CoreError('invalid_setting', `${picked} cannot be used: ${why}.`)
    }
    // Resolved against main's working folder, a relative path would name a folder nobody meant.
    if (!isAbsolute(picked)) refuse('it is not an absolute path')
    if (folder === path) refuse('Robodeck already keeps its data there')
    if (contains(path, folder)) refuse('it is inside the data folder in use')
    if (contains(folder, path)) refuse('it contains the data folder in use')
    const problem = await folderProblem(folder, { create: false })
    if (problem) refuse(problem)
    return { path: folder, holdsData: (await dataEntriesIn(folder)).length > 0 }
  }
  return {
    path,
    state: () => ({
      path,
      defaultPath: defaultDir,
      changeable: true,
      ...(pointer.next && { next: pointer.next }),
      ...(notice && { notice }),
    }),
    check,
    // Both name the folder in use now as the one to keep (or move from): after a start that fell
    // back to the default, that is the default, and keeping it forgets the folder that was gone.
    async choose(next) {
      if (next === null) return save(pointAt(path))
      const checked = await check(next.path)
      if (checked.holdsData && next.move)
        throw new CoreError(
          'invalid_setting',
          `${checked.path} already holds Robodeck data: it can be used as it is, but not moved into.`,
        )
      save(pointAt(path, { path: checked.path, move: next.move }))
    },
  }
}
