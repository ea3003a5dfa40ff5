/**
 * Standalone local Control Room: `node out/main/localroom.js --port P --data DIR [--print-bootstrap]`.
 * stdout carries only the bootstrap line (so a parent can read it as the first line); logs go to
 * stderr. Exits 0 after SIGINT/SIGTERM once the room has closed, 2 on a usage or startup error, 3
 * when another room holds the data dir (the message names its pid and URL).
 */

import { DATA_DIR_IN_USE_EXIT_CODE } from '../platform/local-room-holder'
import { formatBootstrapLine } from '../shared/local-room-bootstrap'
import { parseCliOptions, USAGE } from './cli-options'
import { startLocalRoom } from './server'
import { DataDirInUseError } from './storage/data-dir-lock'

const log = (line: string) => process.stderr.write(`${line}\n`)

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
      issueBootstrapKey: options.printBootstrap,
      log,
    })
  } catch (error) {
    log(`localroom: cannot start: ${describeStartError(error, options.host, options.port)}`)
    process.exit(error instanceof DataDirInUseError ? DATA_DIR_IN_USE_EXIT_CODE : 2)
  }
  if (room.bootstrap) process.stdout.write(`${formatBootstrapLine(room.bootstrap)}\n`)

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    log(`localroom: ${signal}, closing`)
    room.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`localroom: error while closing: ${(error as Error).message}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
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
