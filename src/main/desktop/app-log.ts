/**
 * The main process's log file, `main.log` in Electron's logs folder: a packaged app has no console,
 * so what went wrong at startup, a room that crashed or a robot's fatal error must be readable
 * somewhere afterwards. Lines go to stderr too. The file is the user's alone (0600); a file past
 * 1 MB is moved to main.old.log when the app starts. Nothing secret is ever logged.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../platform/private-fs'

const MAX_BYTES = 1024 * 1024
let logFile: string | undefined

/** Opens the log in dir (created if missing); returns the file's path. */
export function openAppLog(dir: string): string {
  const file = join(dir, 'main.log')
  try {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
    if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES)
      renameSync(file, join(dir, 'main.old.log'))
    logFile = file
  } catch (error) {
    console.error(`Robodeck: cannot write its log in ${dir}: ${(error as Error).message}`)
  }
  return file
}

/** Writes a line to stderr and to the log file, when one is open. */
export function logLine(line: string): void {
  console.error(line)
  if (!logFile) return
  try {
    appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`, { mode: PRIVATE_FILE_MODE })
  } catch {
    // A full disk must not turn a log line into a crash; stderr has it.
  }
}

/** Logs an error with its message (and stack, for the file), under a heading saying what failed. */
export function logError(what: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
  logLine(`${what}: ${detail}`)
}
