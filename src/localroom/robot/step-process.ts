/** One robot task running as a child process, with its output delivered line by line. */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'

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
  /** Asks the robot (and what it started) to stop; kills it outright if it is still there after graceMs. */
  kill(graceMs?: number): void
}

const IS_WINDOWS = process.platform === 'win32'

/**
 * Maps a robot.yaml command to what is spawned. `node` becomes the Node that runs the room, so robots
 * need no Node on PATH; inside Electron that binary is Electron, which ELECTRON_RUN_AS_NODE turns
 * into plain Node.
 */
export function resolveCommand(argv: readonly string[]): {
  file: string
  args: string[]
  env: Record<string, string>
} {
  const [command = '', ...args] = argv
  if (command === 'node' || command === 'node.exe') {
    return { file: process.execPath, args, env: { ELECTRON_RUN_AS_NODE: '1' } }
  }
  return { file: command, args, env: {} }
}

/** Starts a robot process in cwd with exactly env, calling onLine for each stdout/stderr line. */
export function startStepProcess(options: {
  argv: readonly string[]
  cwd: string
  env: Record<string, string>
  onLine: (stream: 'stdout' | 'stderr', line: string) => void
}): StepProcess {
  const command = resolveCommand(options.argv)
  const child = spawn(command.file, command.args, {
    cwd: options.cwd,
    env: { ...options.env, ...command.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group on POSIX, so that stopping a robot also stops what the robot started.
    detached: !IS_WINDOWS,
    windowsHide: true,
  })
  const readers = [
    lines(child.stdout, 'stdout', options.onLine),
    lines(child.stderr, 'stderr', options.onLine),
  ]
  let exited = false
  const exit = new Promise<StepProcessResult>((resolve) => {
    child.once('error', (error) => {
      // Without a pid the process never existed and 'close' may not follow.
      if (child.pid === undefined) resolve({ exitCode: null, signal: null, spawnError: error })
    })
    child.once('close', (exitCode, signal) => resolve({ exitCode, signal, spawnError: null }))
  }).then((result) => {
    exited = true
    return result
  })
  const done = exit.then(async (result) => {
    await Promise.all(readers)
    return result
  })

  const signalTree = (signal: NodeJS.Signals) => {
    if (exited || child.pid === undefined) return
    try {
      if (IS_WINDOWS) child.kill(signal)
      else process.kill(-child.pid, signal)
    } catch {
      // Already gone between the check and the signal.
    }
  }
  return {
    done,
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
  })
}
