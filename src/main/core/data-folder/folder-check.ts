/** Whether a folder can hold Robodeck's data: an absolute path to a folder that exists or can be made, and takes writes. */
import { constants } from 'node:fs'
import { access, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join } from 'node:path'
import { makePrivateDir } from '../../../platform/private-fs'

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'error'

/** Writes and removes a small file: the one sure test that a folder takes writes (ACLs, read-only mounts). */
async function writeProblem(folder: string): Promise<string | undefined> {
  const probe = join(folder, `.robodeck-write-check-${process.pid}`)
  try {
    await writeFile(probe, '', { flag: 'wx' })
    await rm(probe, { force: true })
    return undefined
  } catch (error) {
    return `it cannot be written to (${errorCode(error)})`
  }
}

/** The nearest folder above a missing path that exists. */
async function existingAncestor(path: string): Promise<{ path: string; isFolder: boolean }> {
  let current = dirname(path)
  for (;;) {
    try {
      return { path: current, isFolder: (await stat(current)).isDirectory() }
    } catch (error) {
      const parent = dirname(current)
      if (!['ENOENT', 'ENOTDIR'].includes(errorCode(error)) || parent === current)
        return { path: current, isFolder: false }
      current = parent
    }
  }
}

/**
 * Why `path` cannot be the data folder, in words that finish "…cannot be used: ", or undefined
 * when it can. With `create`, a missing folder is made (private); without, it is only checked that
 * it could be.
 */
export async function folderProblem(
  path: string,
  { create }: { create: boolean },
): Promise<string | undefined> {
  if (!isAbsolute(path)) return 'it is not an absolute path'
  try {
    if (!(await stat(path)).isDirectory()) return 'it is not a folder'
    return await writeProblem(path)
  } catch (error) {
    // ENOTDIR: a file where a parent folder should be; the ancestor check below names it.
    if (!['ENOENT', 'ENOTDIR'].includes(errorCode(error))) return `it cannot be read (${errorCode(error)})`
  }
  if (create) {
    try {
      await makePrivateDir(path)
    } catch (error) {
      return `it could not be created (${errorCode(error)})`
    }
    return writeProblem(path)
  }
  const ancestor = await existingAncestor(path)
  if (!ancestor.isFolder) return `${ancestor.path} is not a folder`
  try {
    await access(ancestor.path, constants.W_OK)
    return undefined
  } catch {
    return `it cannot be created in ${ancestor.path}`
  }
}
