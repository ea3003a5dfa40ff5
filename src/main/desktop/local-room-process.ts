/**
 * Starts the built-in local Control Room as its own process (an Electron utility process, so it
 * needs no RunAsNode fuse) and reads its bootstrap line. The room outlives nothing: it is stopped
 * when the app quits. When another room already holds the data folder (the room exits with
 * DATA_DIR_IN_USE_EXIT_CODE), that room is reported instead, for the app to connect to.
 */
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { utilityProcess } from 'electron'
import { DATA_DIR_IN_USE_EXIT_CODE } from '../../platform/local-room-holder'
import { type Bootstrap, parseBootstrapLine } from '../../shared/local-room-bootstrap'
import { readFirstLine } from '../core/first-line'
import { type RunningRoom, waitForRunningRoom } from '../core/running-room'
import { attachRobotHost } from './robot-host'

const START_TIMEOUT_MS = 20_000
/** How long to wait for the exit code once the room has closed its stdout without a line. */
const EXIT_WAIT_MS = 2_000

export type LocalRoomProcess =
  /** This app started the room: it owns it and stops it on quit. */
  | { kind: 'started'; bootstrap: Bootstrap; stop(): void }
  /** Another room already holds the data folder: connect to it; it is not this app's to stop. */
  | { kind: 'running'; room: RunningRoom; stop(): void }

/**
 * Forks out/main/localroom.js with its data under dataDir, its sample robots from robotsDir (which
 * moves when the app is packaged), and waits for its bootstrap line.
 */
export async function startLocalRoomProcess(
  mainDir: string,
  dataDir: string,
  robotsDir: string,
): Promise<LocalRoomProcess> {
  const child = utilityProcess.fork(
    join(mainDir, 'localroom.js'),
    ['--port', '0', '--data', dataDir, '--robots', robotsDir, '--print-bootstrap'],
    {
      stdio: 'pipe',
      serviceName: 'Robodeck local Control Room',
      // The room asks this process to fork its `node` robots (robot-host.ts): no RunAsNode fuse needed.
      env: { ...process.env, ROBODECK_ROBOT_HOST: 'parent-port' },
    },
  )
  const exitCode = new Promise<number>((resolve) => child.once('exit', (code: number) => resolve(code)))
  const robots = attachRobotHost(child, { allowedRoot: dataDir })
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[localroom] ${chunk}`))
  if (!child.stdout) throw new Error('the local Control Room process has no stdout')
  let line: string
  try {
    line = await readFirstLine(child.stdout, START_TIMEOUT_MS)
  } catch (error) {
    robots.dispose()
    // A room that refuses the data folder exits by itself, and its exit code says why.
    const code = await Promise.race([exitCode, delay(EXIT_WAIT_MS, null)])
    if (code === DATA_DIR_IN_USE_EXIT_CODE)
      return { kind: 'running', room: await waitForRunningRoom(dataDir), stop: () => {} }
    child.kill()
    throw new Error(`The local Control Room did not start: ${(error as Error).message}`)
  }
  try {
    const bootstrap = parseBootstrapLine(line)
    return {
      kind: 'started',
      bootstrap,
      stop: () => {
        robots.dispose()
        child.kill()
      },
    }
  } catch (error) {
    robots.dispose()
    child.kill()
    throw new Error(`The local Control Room did not start: ${(error as Error).message}`)
  }
}
