/**
 * robot.yaml `ignoreFiles`: files of gitignore-style patterns naming what rcc leaves out of a robot
 * package, and so what the room leaves out of a step's working copy. Hand-written: the subset
 * needed (comments, `!`, `/`-anchoring, trailing `/`, `*`, `?`, `**`) is ~50 lines, and the
 * gitignore libraries on npm pull in more than that.
 */
import { readFile } from 'node:fs/promises'

interface Rule {
  negate: boolean
  dirOnly: boolean
  regex: RegExp
}

/** Decides whether a robot-relative path (POSIX separators) is ignored. */
export type IgnoreMatcher = (relPath: string, isDir: boolean) => boolean

/** Reads the ignore files (missing ones are skipped, as rcc does) and builds one matcher. */
export async function loadIgnoreMatcher(files: readonly string[]): Promise<IgnoreMatcher> {
  const rules: Rule[] = []
  for (const file of files) {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch {
      continue
    }
    rules.push(...parseIgnorePatterns(text))
  }
  return (relPath, isDir) => isIgnored(rules, relPath, isDir)
}

/** Parses gitignore-style text into rules. */
export function parseIgnorePatterns(text: string): Rule[] {
  const rules: Rule[] = []
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trimEnd()
    if (line === '' || line.startsWith('#')) continue
    const negate = line.startsWith('!')
    if (negate) line = line.slice(1)
    const dirOnly = line.endsWith('/')
    if (dirOnly) line = line.slice(0, -1)
    // A pattern with a slash (other than a trailing one) is anchored to the robot's root.
    const anchored = line.includes('/')
    if (line.startsWith('/')) line = line.slice(1)
    if (line === '') continue
    const body = globToRegex(line)
    rules.push({ negate, dirOnly, regex: new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`) })
  }
  return rules
}

function globToRegex(glob: string): string {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const ch = glob.charAt(i)
    if (ch === '*' && glob.charAt(i + 1) === '*') {
      i++
      if (glob.charAt(i + 1) === '/') {
        i++
        out += '(?:.*/)?'
      } else out += '.*'
    } else if (ch === '*') out += '[^/]*'
    else if (ch === '?') out += '[^/]'
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return out
}

function isIgnored(rules: readonly Rule[], relPath: string, isDir: boolean): boolean {
  let ignored = false
  for (const rule of rules) {
    if (rule.dirOnly && !isDir) continue
    if (rule.regex.test(relPath)) ignored = !rule.negate
  }
  return ignored
}
