/** One robot task running as a child process, with its output delivered line by line. */
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { type RobotLauncher, selectRobotLauncher } from './launcher'

export { resolveCommand } from './launcher'

/** How a robot process ended. */
export interface StepProcessResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  /** Set when the process could not be started at all (e.g. command not found). */
  spawnError: Error | null
}

/** A running robot process. */
export interface StepProcess {
  readonly done: Promise<StepProcessResult>
  /** The robot's pid, which is also its process group id on POSIX (undefined if it never started). */
  readonly pid: number | undefined
  /** Asks the robot (and what it started) to stop; kills it outright if it is still there after graceMs. */
  kill(graceMs?: number): void
}

/**
 * Starts a robot process in cwd with exactly env, calling onLine for each stdout/stderr line. The
 * launcher (launcher.ts) decides how: a child process, or through the desktop app's main process.
 */
export function startStepProcess(options: {
  argv: readonly string[]
  cwd: string
  env: Record<string, string>
  onLine: (stream: 'stdout' | 'stderr', line: string) => void
  launcher?: RobotLauncher
}): StepProcess {
  const [file = '', ...args] = options.argv
  const robot = (options.launcher ?? selectRobotLauncher()).launch({
    file,
    args,
    cwd: options.cwd,
    env: options.env,
  })
  const readers = [
    lines(robot.stdout, 'stdout', options.onLine),
    lines(robot.stderr, 'stderr', options.onLine),
  ]
  let exited = false
  const exit = robot.exited.then((result): StepProcessResult => {
    exited = true
    return { exitCode: result.exitCode, signal: result.signal, spawnError: result.error ?? null }
  })
  const done = exit.then(async (result) => {
    await Promise.all(readers)
    return result
  })

  const signalTree = (signal: NodeJS.Signals) => {
    if (!exited) robot.kill(signal)
  }
  return {
    done,
    pid: robot.pid,
    kill(graceMs = 2000) {
      signalTree('SIGTERM')
      const timer = setTimeout(() => signalTree('SIGKILL'), graceMs)
      timer.unref()
      void exit.then(() => clearTimeout(timer))
    },
  }
}

function lines(
  stream: Readable,
  name: 'stdout' | 'stderr',
  onLine: (stream: 'stdout' | 'stderr', line: string) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })
    reader.on('line', (line) => onLine(name, line))
    reader.once('close', () => resolve())
    // A pipe the launcher destroyed (a leftover process held it open) ends without 'end'.
    stream.once('close', () => resolve())
    // A pipe that fails (EIO) ends the output; unlistened, its 'error' would end the room.
    stream.on('error', () => resolve())
  })
}
