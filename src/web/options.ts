/** Command-line options of web mode. */
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ROOM_FLAGS, ROOM_FLAGS_USAGE, type RoomFlagOptions, roomOptionsFromFlags } from '../localroom/server'

export interface WebOptions {
  host: string
  port: number
  dataDir: string
  /** Watcher poll interval; tests shorten it. */
  pollIntervalMs: number
  /** The room's own flags (robots, workers, Python, strict deletes, link-local webhooks). */
  room: RoomFlagOptions
}

export const WEB_USAGE = `Usage: npm run web -- [--port P] [--host 127.0.0.1] [--data DIR] [--poll-ms MS] [local room flags]

Serves Robodeck to a browser on this machine, with its own local Control Room.
  --port     port to serve on (default: a free one)
  --host     loopback address to bind (default 127.0.0.1); web mode never binds elsewhere
  --data     where settings, secrets and the local room's data live (default ~/.robodeck-web)
  --poll-ms  how often to look for run changes (default 1000)

The local Control Room's flags:
${ROOM_FLAGS_USAGE}`

/** Parses argv; throws an Error with a readable message for anything wrong. */
export function parseWebOptions(
  argv: string[],
  cwd = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): WebOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string' },
      'poll-ms': { type: 'string', default: '1000' },
      ...ROOM_FLAGS,
    },
    strict: true,
    allowPositionals: false,
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, not "${values.port}"`)
  const pollIntervalMs = Number(values['poll-ms'])
  if (!Number.isInteger(pollIntervalMs) || pollIntervalMs < 50)
    throw new Error('--poll-ms must be a whole number >= 50')
  // The token is the only guard, so the server must not be reachable from other machines.
  if (!['127.0.0.1', 'localhost', '::1'].includes(values.host))
    throw new Error('--host must be a loopback address')
  return {
    host: values.host === 'localhost' ? '127.0.0.1' : values.host,
    port,
    dataDir: resolve(cwd, values.data ?? join(homedir(), '.robodeck-web')),
    pollIntervalMs,
    room: roomOptionsFromFlags(values, cwd, env),
  }
}
