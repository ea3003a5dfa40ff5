/**
 * A start that fails is shown in a dialog, never a silent exit: a packaged app has no console, so
 * someone who starts Robodeck from a menu would otherwise see nothing happen at all. The dialog
 * says what went wrong and what to do; the details go to the log file it names.
 */
import { dialog } from 'electron'
import { CoreError } from '../core/errors'
import { RoomStartError } from './local-room-process'

export const STARTUP_FAILURE_TITLE = 'Robodeck could not start'

export interface StartupFailureContext {
  /** The log file with the details (app-log.ts). */
  logFile: string
  /** The local room's data folder. */
  roomDataDir: string
}

/** The cause, and what the user can do about it. */
export function describeStartupFailure(
  error: unknown,
  context: StartupFailureContext,
): { cause: string; advice: string } {
  const cause = error instanceof Error ? error.message : String(error)
  const details = `the details are in ${context.logFile}.`
  // Another room holds the folder: its message names it (pid and URL) and says to stop it.
  if (error instanceof CoreError) return { cause, advice: `More: ${details}` }
  if (error instanceof RoomStartError)
    return {
      cause,
      advice:
        `The local Control Room keeps its data in ${context.roomDataDir}. Check that the disk has free ` +
        `space and that you can write to that folder, then start Robodeck again. More: ${details}`,
    }
  return { cause, advice: `Start Robodeck again. If it fails again, ${details}` }
}

/** Shows the failure in a modal error box (usable before and after `ready`). */
export function showStartupFailure(error: unknown, context: StartupFailureContext): void {
  const { cause, advice } = describeStartupFailure(error, context)
  dialog.showErrorBox(STARTUP_FAILURE_TITLE, `${cause}\n\n${advice}`)
}
