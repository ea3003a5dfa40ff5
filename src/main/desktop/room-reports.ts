/**
 * What the person and the log are told as the local room's supervisor (core/room-supervisor.ts)
 * reports: a crash (a notification the first time; it is being restarted), a restart that failed,
 * a room running again, and a supervisor that has given up.
 */
import type { RoomReport } from '../core/room-supervisor'
import { logError, logLine } from './app-log'
import { notify } from './notifications'

export interface RoomReportContext {
  /** main.log, named when the app gives up. */
  logFile: string
  /** What clicking the crash notification does. */
  showWindow: () => void
}

export function reportRoom(event: RoomReport, context: RoomReportContext): void {
  const seconds = (ms: number) => Math.round(ms / 1000)
  switch (event.kind) {
    case 'crashed':
      logLine(
        `the local Control Room stopped unexpectedly (exit code ${event.exitCode}); restarting it in ${seconds(event.restartInMs)} s (attempt ${event.attempt})`,
      )
      if (event.attempt === 1)
        notify(
          'The local Control Room stopped',
          `It ended unexpectedly (exit code ${event.exitCode}); Robodeck is starting it again. Runs it was running end unresolved.`,
          context.showWindow,
        )
      return
    case 'restart-failed':
      logError(
        `the local Control Room did not start again (attempt ${event.attempt}; next try in ${seconds(event.restartInMs)} s)`,
        event.error,
      )
      return
    case 'restarted':
      logLine(`the local Control Room is running again (attempt ${event.attempt})`)
      return
    case 'gave-up':
      logLine(`the local Control Room stopped ${event.attempts + 1} times in a row; not restarting it again`)
      notify(
        'The local Control Room keeps stopping',
        `Robodeck has stopped restarting it. Quit Robodeck and start it again; the details are in ${context.logFile}.`,
      )
  }
}
