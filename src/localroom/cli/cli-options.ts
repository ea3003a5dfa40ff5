/** The local Control Room's command line: flags, defaults and usage. */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ROOM_FLAGS, ROOM_FLAGS_USAGE, type RoomFlagOptions, roomOptionsFromFlags } from './room-flags'

/** Port used when --port is not given. */
export const DEFAULT_PORT = 4123
/** Data dir used when --data is not given, relative to the working directory. */
export const DEFAULT_DATA_DIR = '.data/localroom'

export const USAGE = `Usage: node out/main/localroom.js [--port P] [--data DIR] [--host H] [--robots DIR] [--workers N] [--robot-python PATH] [--strict-delete-permission] [--allow-link-local-webhooks] [--print-bootstrap]

  --port P            port to listen on; 0 picks a free one (default ${DEFAULT_PORT})
  --data DIR          data directory, created if missing (default ./${DEFAULT_DATA_DIR})
  --host H            interface to listen on (default 127.0.0.1)
${ROOM_FLAGS_USAGE}
  --print-bootstrap   issue a fresh all-permission API key and owner credential and print
                      {"url","workspace_id","api_key","user_credential"} as the first stdout line
                      (revokes the previous bootstrap key and credential)
  --exit-with-parent  close (stopping running robots) when the process that started the room
                      goes away; the desktop app starts its room this way
  --help              show this help`

export interface CliOptions extends RoomFlagOptions {
  port: number
  dataDir: string
  host: string
  printBootstrap: boolean
  /** Close when the parent process goes away (parent-watch.ts). */
  exitWithParent: boolean
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
      ...ROOM_FLAGS,
      'print-bootstrap': { type: 'boolean', default: false },
      'exit-with-parent': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port)
  if (!/^\d{1,5}$/.test(values.port ?? String(DEFAULT_PORT)) || port > 65535) {
    throw new Error(`--port must be a number from 0 to 65535, got ${JSON.stringify(values.port)}`)
  }
  if (values.data === '') throw new Error('--data must not be empty')
  const room = roomOptionsFromFlags(values, cwd, env)
  if (values.host === '') throw new Error('--host must not be empty')
  return {
    port,
    dataDir: resolve(cwd, values.data ?? DEFAULT_DATA_DIR),
    host: values.host ?? '127.0.0.1',
    ...room,
    printBootstrap: values['print-bootstrap'] ?? false,
    exitWithParent: values['exit-with-parent'] ?? false,
    help: values.help ?? false,
  }
}
