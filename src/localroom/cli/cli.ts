/**
 * Standalone local Control Room: `node out/main/localroom.js --port P --data DIR [--print-bootstrap]`.
 * stdout carries only the bootstrap line (so a parent can read it as the first line); logs go to
 * stderr. Exits 0 once the room has closed after SIGINT/SIGTERM, a shutdown message from the desktop
 * app (room-control.ts) or, with --exit-with-parent, its parent's end; 2 on a usage or startup
 * error, 3 when another room holds the data dir (the message names its pid and URL).
 */
import { DATA_DIR_IN_USE_EXIT_CODE } from '../../platform/local-room-holder'
import { formatBootstrapLine } from '../../shared/local-room-bootstrap'
import { isRoomShutdown } from '../../shared/room-control'
import { hostedRobotsParentGone, type ParentPortLike } from '../robot/launcher'
import { startLocalRoom } from '../server'
import { DataDirInUseError } from '../storage/data-dir-lock'
import { parseCliOptions, USAGE } from './cli-options'
import { watchParent } from './parent-watch'

const log = (line: string) => process.stderr.write(`${line}\n`)

// Whoever started the room may be gone, and the pipes of its stdout and stderr with it (EPIPE): a
// log line that cannot be written must not end the room before it has stopped its robots.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {})

/**
 * However closing goes, the room ends within this: the desktop app waits for it on quit, and a room
 * whose parent has gone waits for no one. Robots get 1 s to stop before they are killed, and their
 * output 1.5 s to drain, so a close normally takes far less.
 */
const CLOSE_DEADLINE_MS = 8_000

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCliOptions>
  try {
    options = parseCliOptions(process.argv.slice(2))
  } catch (error) {
    log(`localroom: ${(error as Error).message}\n\n${USAGE}`)
    process.exit(2)
  }
  if (options.help) {
    log(USAGE)
    return
  }

  let room: Awaited<ReturnType<typeof startLocalRoom>>
  try {
    room = await startLocalRoom({
      dataDir: options.dataDir,
      host: options.host,
      port: options.port,
      robotsDir: options.robotsDir,
      workers: options.workers,
      strictDeletePermission: options.strictDeletePermission,
      robotPython: options.robotPython,
      allowLinkLocalWebhooks: options.allowLinkLocalWebhooks,
      issueBootstrapKey: options.printBootstrap,
      log,
    })
  } catch (error) {
    log(`localroom: cannot start: ${describeStartError(error, options.host, options.port)}`)
    process.exit(error instanceof DataDirInUseError ? DATA_DIR_IN_USE_EXIT_CODE : 2)
  }
  if (room.bootstrap) process.stdout.write(`${formatBootstrapLine(room.bootstrap)}\n`)

  let stopping = false
  const stop = (reason: string) => {
    if (stopping) return
    stopping = true
    log(`localroom: ${reason}, closing`)
    setTimeout(() => {
      log(`localroom: closing took more than ${CLOSE_DEADLINE_MS} ms; exiting`)
      process.exit(1)
    }, CLOSE_DEADLINE_MS).unref()
    room.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`localroom: error while closing: ${(error as Error).message}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  // The desktop app's quit: a message, because on Windows its kill() is TerminateProcess.
  const parentPort = (process as { parentPort?: ParentPortLike }).parentPort
  parentPort?.on('message', (event) => {
    if (isRoomShutdown(event?.data)) stop('the app asked it to shut down')
  })
  if (options.exitWithParent)
    watchParent(() => {
      // The app's hosted robots went with it: their exits will never come.
      hostedRobotsParentGone()
      stop('the process that started it has gone')
    })
}

function describeStartError(error: unknown, host: string, port: number): string {
  if (error instanceof DataDirInUseError)
    return `${error.message}; stop that one first, or choose another --data`
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE')
    return `port ${port} on ${host} is already in use (choose another with --port, or 0)`
  if (code === 'EACCES') return `not allowed to listen on ${host}:${port}`
  if (code === 'EADDRNOTAVAIL') return `address ${host} is not available on this machine`
  return (error as Error).message
}

void main()
