/** Starts the built web mode (out/main/web.js) as a real child process, on a fresh data dir by default. */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readFirstLine } from '../../src/main/core/first-line'

export interface RunningWebMode {
  /** The URL web mode printed, token in its fragment. */
  url: string
  origin: string
  dataDir: string
  child: ChildProcess
  /** Everything web mode wrote to stderr so far (its log). */
  stderr(): string
  /** SIGTERM, waits for the exit, and removes a data dir it created itself. */
  stop(): Promise<void>
  /** SIGKILL, waits for the exit, and removes a data dir it created itself. */
  kill(): Promise<void>
}

const root = resolve(__dirname, '../..')
/** The built web mode the tests spawn (vitest's global setup builds it). */
export const WEB_MODE_SCRIPT = join(root, 'out/main/web.js')

/** Spawns web mode and waits for the URL it prints first. A data dir passed in is left for the caller. */
export async function startWebMode(
  options: { pollMs?: number; dataDir?: string; extraArgs?: readonly string[] } = {},
): Promise<RunningWebMode> {
  const ownsDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'robodeck-web-')))
  const child = spawn(
    process.execPath,
    [
      WEB_MODE_SCRIPT,
      '--data',
      dataDir,
      '--port',
      '0',
      '--poll-ms',
      String(options.pollMs ?? 200),
      ...(options.extraArgs ?? []),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stderr = ''
  child.stderr?.on('data', (chunk) => {
    stderr += chunk
  })
  let url: string
  try {
    url = await readFirstLine(child.stdout as NonNullable<typeof child.stdout>, 30_000)
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`web mode did not start: ${(error as Error).message}\n${stderr}`)
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done))
      child.kill(signal)
      await exited
    }
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true })
  }
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    child,
    stderr: () => stderr,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  }
}
