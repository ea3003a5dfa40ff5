/**
 * Starts the built-in local Control Room as its own process (an Electron utility process, so it
 * needs no RunAsNode fuse) and reads its bootstrap line. The room outlives nothing: it is stopped
 * when the app quits.
 */
import { join } from 'node:path'
import { utilityProcess } from 'electron'
import { type Bootstrap, parseBootstrapLine } from '../../shared/local-room-bootstrap'
import { readFirstLine } from '../core/first-line'
import { attachRobotHost } from './robot-host'

const START_TIMEOUT_MS = 20_000

export interface LocalRoomProcess {
  bootstrap: Bootstrap
  stop(): void
}

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
  const robots = attachRobotHost(child, { allowedRoot: dataDir })
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[localroom] ${chunk}`))
  if (!child.stdout) throw new Error('the local Control Room process has no stdout')
  try {
    const bootstrap = parseBootstrapLine(await readFirstLine(child.stdout, START_TIMEOUT_MS))
    return {
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
