/**
 * Electron's utilityProcess.fork, emulated with a real Node child process, for tests that run the
 * desktop app's main process under plain Node with the real local room and real robots. It keeps
 * the behaviours the app must cope with:
 * - the child has `process.parentPort` (utility-process-shim.cjs), carried over Node's IPC channel;
 * - `kill()` ends the process at once, as TerminateProcess does on Windows (SIGKILL here): nothing
 *   in the child gets to clean up, so whatever must happen on quit has to happen another way;
 * - `exit` carries a number (a signal's number when killed by one), and right after emitting it the
 *   stdout and stderr streams lose every listener and `stdout`/`stderr` become null, as in Electron's
 *   lib/browser/api/utility-process.ts;
 * - `error` ('FatalError', location, report) can be emitted, as Electron does for a V8 fatal error.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { constants } from 'node:os'
import { basename, join, resolve } from 'node:path'
import type { Readable } from 'node:stream'

const root = resolve(__dirname, '../..')
const SHIM = join(__dirname, 'utility-process-shim.cjs')
/**
 * The built entry points a utility process may start with. The composition root under test forks
 * `<its __dirname>/localroom.js` and `robot-entry.js`, its __dirname being src/main here.
 */
const BUILT_ENTRIES = new Set(['localroom.js', 'robot-entry.js'])
const built = (modulePath: string) =>
  BUILT_ENTRIES.has(basename(modulePath)) ? join(root, 'out/main', basename(modulePath)) : modulePath

export interface ForkOptions {
  env?: NodeJS.ProcessEnv | Record<string, string>
  execArgv?: string[]
  cwd?: string
  serviceName?: string
}

export class FakeUtilityProcess extends EventEmitter {
  static forked: FakeUtilityProcess[] = []
  readonly child: ChildProcess
  stdout: Readable | null
  stderr: Readable | null
  pid: number | undefined
  exitCode: number | null = null
  readonly exited: Promise<number>
  /** What the process printed on stdout so far (its first 64 KiB), e.g. the room's bootstrap line. */
  printed = ''
  /** What it wrote on stderr so far (its first 64 KiB): the room's log. */
  logged = ''

  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: ForkOptions,
  ) {
    super()
    const script = built(modulePath)
    this.child = spawn(process.execPath, [...(options.execArgv ?? []), '--require', SHIM, script, ...args], {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    })
    this.stdout = this.child.stdout
    this.stderr = this.child.stderr
    // The test's own record of the output, kept after Electron's listener removal (below).
    const record = () => {
      this.child.stdout?.on('data', (chunk: Buffer) => {
        if (this.printed.length < 65_536) this.printed += chunk.toString()
      })
      this.child.stderr?.on('data', (chunk: Buffer) => {
        if (this.logged.length < 65_536) this.logged += chunk.toString()
      })
    }
    record()
    this.pid = this.child.pid
    this.exited = new Promise((done) => this.once('exit', done))
    this.child.on('spawn', () => this.emit('spawn'))
    this.child.on('message', (message) => this.emit('message', message))
    this.child.on('error', () => {})
    this.child.on('exit', (code, signal) => {
      const exitCode = code ?? (signal ? constants.signals[signal] : 1)
      this.exitCode = exitCode
      const { stdout, stderr } = this
      try {
        this.emit('exit', exitCode)
      } finally {
        // What Electron does right after 'exit': every listener goes, and so do the streams.
        this.pid = undefined
        stdout?.removeAllListeners()
        stderr?.removeAllListeners()
        this.stdout = null
        this.stderr = null
        record()
      }
    })
    FakeUtilityProcess.forked.push(this)
  }

  postMessage(message: unknown): void {
    if (!this.child.connected) throw new Error('the utility process has exited')
    this.child.send(message as object)
  }

  /** TerminateProcess: no cleanup in the child. */
  kill(): boolean {
    return this.child.kill('SIGKILL')
  }

  /** Whether the OS still has the process. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }

  /** Emits a V8 fatal error the way Electron reports one, then ends the process. */
  fatalError(): void {
    this.emit('error', 'FatalError', 'v8::FatalProcessOutOfMemory', '{"report":"with the environment"}')
    this.child.kill('SIGKILL')
  }
}

/**
 * The processes forked for a script whose path ends with `name`: an entry point ('localroom.js'), or
 * the robot script a robot-entry.js process runs ('long-job.mjs').
 */
export const forkedScripts = (name: string) =>
  FakeUtilityProcess.forked.filter(
    (fake) =>
      fake.modulePath.endsWith(name) ||
      (basename(fake.modulePath) === 'robot-entry.js' && (fake.args[0] ?? '').endsWith(name)),
  )

/** A utilityProcess.fork replacement to give the mock. */
export const forkFakeUtilityProcess = (modulePath: string, args: string[] = [], options: ForkOptions = {}) =>
  new FakeUtilityProcess(modulePath, args, options)

/** Ends every fake utility process still running (test cleanup). */
export async function killAllFakeUtilityProcesses(): Promise<void> {
  await Promise.all(
    FakeUtilityProcess.forked.splice(0).map(async (fake) => {
      if (!fake.alive) return
      const gone = new Promise((done) => fake.child.once('exit', done))
      fake.child.kill('SIGKILL')
      await gone
    }),
  )
}
