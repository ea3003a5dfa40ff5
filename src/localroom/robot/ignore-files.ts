/**
 * robot.yaml `ignoreFiles`: files of gitignore patterns naming what rcc leaves out of a robot
 * package, and so what the room leaves out of a step's working copy. Matched with `ignore`, the
 * gitignore implementation npm's own tooling and eslint use, so the patterns mean what they mean in git.
 */
import { readFile } from 'node:fs/promises'
import ignore from 'ignore'

/** Decides whether a robot-relative path (POSIX separators) is ignored. */
export type IgnoreMatcher = (relPath: string, isDir: boolean) => boolean

/** Reads the ignore files (missing ones are skipped, as rcc does) and builds one matcher. */
export async function loadIgnoreMatcher(files: readonly string[]): Promise<IgnoreMatcher> {
  const matcher = ignore()
  for (const file of files) {
    try {
      matcher.add(await readFile(file, 'utf8'))
    } catch {
      // A listed file that does not exist ignores nothing.
    }
  }
  // A trailing slash tells `ignore` the path is a folder, for patterns such as `build/`.
  return (relPath, isDir) => relPath !== '' && matcher.ignores(isDir ? `${relPath}/` : relPath)
}
