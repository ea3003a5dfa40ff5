/**
 * Starts the built-in local Control Room as its own process (an Electron utility process, so it
 * needs no RunAsNode fuse) and reads its bootstrap line. The room outlives nothing: the app asks it
 * to shut down on quit (a message, which works on Windows too, where kill() is TerminateProcess) and
 * waits for it; the room closes by itself if the app dies (`--exit-with-parent`). When another room
 * already holds the data folder (the room exits with DATA_DIR_IN_USE_EXIT_CODE), that room is
 * reported instead, for the app to connect to.
 */
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { utilityProcess } from 'electron'
import { DATA_DIR_IN_USE_EXIT_CODE } from '../../platform/local-room-holder'
import { type Bootstrap, parseBootstrapLine } from '../../shared/local-room-bootstrap'
import { roomShutdownMessage } from '../../shared/room-control'
import { readFirstLine } from '../core/first-line'
import { type RunningRoom, waitForRunningRoom } from '../core/running-room'
import { attachRobotHost } from './robot-host'

const START_TIMEOUT_MS = 20_000
/** How long to wait for the exit code once the room has closed its stdout without a line. */
const EXIT_WAIT_MS = 2_000
/**
 * How long quit waits for the room to close before killing it: a little more than the room gives
 * itself (cli.ts CLOSE_DEADLINE_MS), so that a room that is closing is not cut short.
 */
export const ROOM_STOP_TIMEOUT_MS = 10_000
/** After kill(), how long to wait for the exit. */
const KILL_WAIT_MS = 3_000

/** The room process did not start (its exit code and output say more, in the log). */
export class RoomStartError extends Error {
  override name = 'RoomStartError'
}

export interface StopOptions {
  timeoutMs?: number
}

/** This app started the room: it owns it, and stops it on quit. */
export interface StartedRoom {
  kind: 'started'
  bootstrap: Bootstrap
  /** The room's pid while it runs. */
  readonly pid: number | undefined
  /** Resolves with the exit code once the process has ended, for whatever reason. */
  exited: Promise<number>
  /**
   * Asks the room to shut down (it stops its robots, settles their runs and flushes key-use counts)
   * and resolves once it has exited; kills it if it has not within timeoutMs. Safe to call twice.
   */
  stop(options?: StopOptions): Promise<void>
}

/** Another room already holds the data folder: connect to it; it is not this app's to stop. */
export interface AttachedRoom {
  kind: 'running'
  room: RunningRoom
  stop(options?: StopOptions): Promise<void>
}

export type LocalRoomProcess = StartedRoom | AttachedRoom

export interface LocalRoomOptions {
  /** Where out/main/localroom.js is (the built main process's folder). */
  mainDir: string
  dataDir: string
  /** The sample robots (they move when the app is packaged). */
  robotsDir: string
  /** Where the room's own problems are reported (its stderr goes to the app's stderr). */
  log?: (line: string) => void
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => true), delay(ms, false, { ref: false })])

/** Forks out/main/localroom.js with its data under dataDir and waits for its bootstrap line. */
export async function startLocalRoomProcess(options: LocalRoomOptions): Promise<LocalRoomProcess> {
  const log = options.log ?? ((line: string) => console.error(line))
  const child = utilityProcess.fork(
    join(options.mainDir, 'localroom.js'),
    [
      '--port',
      '0',
      '--data',
      options.dataDir,
      '--robots',
      options.robotsDir,
      '--print-bootstrap',
      '--exit-with-parent',
    ],
    {
      stdio: 'pipe',
      serviceName: 'Robodeck local Control Room',
      // The room asks this process to fork its `node` robots (robot-host.ts): no RunAsNode fuse needed.
      env: { ...process.env, ROBODECK_ROBOT_HOST: 'parent-port' },
    },
  )
  const exited = new Promise<number>((resolve) => child.once('exit', (code: number) => resolve(code)))
  // A V8 fatal error in the room: 'exit' follows, and the supervisor reports it. Unlistened, the
  // 'error' event would throw in the main process. The diagnostic report is not logged: it holds the
  // room's environment.
  child.on('error', (type: string, location: string) =>
    log(`the local Control Room hit a fatal error (${type} at ${location})`),
  )
  const robots = attachRobotHost(child, {
    allowedRoot: options.dataDir,
    robotEntry: join(options.mainDir, 'robot-entry.js'),
    log,
  })
  // The room's log goes to the app's (the details a startup failure points at); its last line says
  // why a room that could not start gave up ("localroom: cannot start: …").
  let lastLogLine = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const text of chunk.toString().split('\n')) {
      const logLine = text.trimEnd()
      if (!logLine) continue
      log(`[localroom] ${logLine}`)
      lastLogLine = logLine
    }
  })
  if (!child.stdout) throw new Error('the local Control Room process has no stdout')
  let line: string
  try {
    line = await readFirstLine(child.stdout, START_TIMEOUT_MS)
  } catch (error) {
    robots.dispose()
    // A room that refuses the data folder exits by itself, and its exit code says why.
    const code = await Promise.race([exited, delay(EXIT_WAIT_MS, null)])
    if (code === DATA_DIR_IN_USE_EXIT_CODE)
      return { kind: 'running', room: await waitForRunningRoom(options.dataDir), stop: async () => {} }
    child.kill()
    const reason = lastLogLine.replace(/^localroom: (cannot start: )?/, '') || (error as Error).message
    const how = code === null ? '' : ` (exit code ${code})`
    throw new RoomStartError(`The local Control Room did not start: ${reason}${how}.`)
  }
  let bootstrap: Bootstrap
  try {
    bootstrap = parseBootstrapLine(line)
  } catch (error) {
    robots.dispose()
    child.kill()
    throw new RoomStartError(`The local Control Room did not start: ${(error as Error).message}`)
  }

  let stopping: Promise<void> | undefined
  let ended = false
  void exited.then(() => {
    ended = true
  })
  const stop = (stopOptions: StopOptions = {}) => {
    stopping ??= (async () => {
      if (ended) return
      const timeoutMs = stopOptions.timeoutMs ?? ROOM_STOP_TIMEOUT_MS
      try {
        child.postMessage(roomShutdownMessage())
      } catch {
        // The channel is already closed: the process is on its way out.
      }
      if (await within(exited, timeoutMs)) return
      log(`the local Control Room did not shut down within ${timeoutMs} ms; ending it`)
      child.kill()
      await within(exited, KILL_WAIT_MS)
      // Whatever is left of its robots goes with the app.
      robots.dispose()
    })()
    return stopping
  }
  return {
    kind: 'started',
    bootstrap,
    get pid() {
      return child.pid
    },
    exited,
    stop,
  }
}
