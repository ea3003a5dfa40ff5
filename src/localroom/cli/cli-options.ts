/** The local Control Room's command line: flags, defaults and usage. */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

/** Port used when --port is not given. */
export const DEFAULT_PORT = 4123
/** Data dir used when --data is not given, relative to the working directory. */
export const DEFAULT_DATA_DIR = '.data/localroom'

export const USAGE = `Usage: node out/main/localroom.js [--port P] [--data DIR] [--host H] [--robots DIR] [--workers N] [--robot-python PATH] [--strict-delete-permission] [--allow-link-local-webhooks] [--print-bootstrap]

  --port P            port to listen on; 0 picks a free one (default ${DEFAULT_PORT})
  --data DIR          data directory, created if missing (default ./${DEFAULT_DATA_DIR})
  --host H            interface to listen on (default 127.0.0.1)
  --robots DIR        folder of robots (default: the app's resources/robots)
  --workers N         how many robots run at once (default 2)
  --robot-python PATH a Python executable for robots when rcc is not on PATH (its folder goes
                      first on the robot's PATH); also ROBODECK_ROBOT_PYTHON
  --strict-delete-permission
                      deleting a process run also needs Processes.write_work_items (the
                      official spec asks only Processes.read_runs)
  --allow-link-local-webhooks
                      accept and send webhooks to link-local (169.254.0.0/16, fe80::/10) and
                      cloud metadata addresses, refused by default
  --print-bootstrap   issue a fresh all-permission API key and owner credential and print
                      {"url","workspace_id","api_key","user_credential"} as the first stdout line
                      (revokes the previous bootstrap key and credential)
  --exit-with-parent  close (stopping running robots) when the process that started the room
                      goes away; the desktop app starts its room this way
  --help              show this help`

export interface CliOptions {
  port: number
  dataDir: string
  host: string
  robotsDir: string | undefined
  /** undefined: the room's default. */
  workers: number | undefined
  printBootstrap: boolean
  /** Close when the parent process goes away (parent-watch.ts). */
  exitWithParent: boolean
  strictDeletePermission: boolean
  /** --robot-python, else ROBODECK_ROBOT_PYTHON; undefined: the PATH's python. */
  robotPython: string | undefined
  allowLinkLocalWebhooks: boolean
  help: boolean
}

/** Parses argv (without node and script), throwing an Error whose message says what is wrong. */
export function parseCliOptions(
  argv: readonly string[],
  cwd = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      host: { type: 'string' },
      robots: { type: 'string' },
      workers: { type: 'string' },
      'robot-python': { type: 'string' },
      'print-bootstrap': { type: 'boolean', default: false },
      'exit-with-parent': { type: 'boolean', default: false },
      'strict-delete-permission': { type: 'boolean', default: false },
      'allow-link-local-webhooks': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port)
  if (!/^\d{1,5}$/.test(values.port ?? String(DEFAULT_PORT)) || port > 65535) {
    throw new Error(`--port must be a number from 0 to 65535, got ${JSON.stringify(values.port)}`)
  }
  if (values.workers !== undefined && !/^\d{1,3}$/.test(values.workers)) {
    throw new Error(`--workers must be a number from 1 to 999, got ${JSON.stringify(values.workers)}`)
  }
  if (values.workers !== undefined && Number(values.workers) < 1) {
    throw new Error('--workers must be at least 1')
  }
  if (values.data === '') throw new Error('--data must not be empty')
  const robotPython = values['robot-python'] ?? (env.ROBODECK_ROBOT_PYTHON || undefined)
  if (robotPython === '') throw new Error('--robot-python must not be empty')
  if (values.host === '') throw new Error('--host must not be empty')
  return {
    port,
    dataDir: resolve(cwd, values.data ?? DEFAULT_DATA_DIR),
    host: values.host ?? '127.0.0.1',
    robotsDir: values.robots === undefined ? undefined : resolve(cwd, values.robots),
    workers: values.workers === undefined ? undefined : Number(values.workers),
    printBootstrap: values['print-bootstrap'] ?? false,
    exitWithParent: values['exit-with-parent'] ?? false,
    strictDeletePermission: values['strict-delete-permission'] ?? false,
    robotPython: robotPython === undefined ? undefined : resolve(cwd, robotPython),
    allowLinkLocalWebhooks: values['allow-link-local-webhooks'] ?? false,
    help: values.help ?? false,
  }
}
