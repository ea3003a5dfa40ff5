/** Starts the built web mode (out/main/web.js) as a real child process on a fresh data dir. */
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
  stop(): Promise<void>
}

const root = resolve(__dirname, '../..')

/** Spawns web mode and waits for the URL it prints first. */
export async function startWebMode(options: { pollMs?: number } = {}): Promise<RunningWebMode> {
  const dataDir = await mkdtemp(join(tmpdir(), 'robodeck-web-'))
  const child = spawn(
    process.execPath,
    [
      join(root, 'out/main/web.js'),
      '--data',
      dataDir,
      '--port',
      '0',
      '--poll-ms',
      String(options.pollMs ?? 200),
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
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done))
        child.kill('SIGTERM')
        await exited
      }
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
