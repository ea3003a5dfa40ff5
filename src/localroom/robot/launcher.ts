/**
 * How a robot's process is started. By default the room spawns robots as its own child processes.
 * Inside the desktop app the room is an Electron utility process, whose `process.execPath` is the
 * Electron binary: running a `node` robot with it would need ELECTRON_RUN_AS_NODE and so the RunAsNode
 * fuse, which packaged builds turn off. There the room asks the main process (over
 * `process.parentPort`) to fork `node` script robots as utility processes of their own instead;
 * the messages are defined once in host-protocol.ts, and src/main/desktop/robot-host.ts is the other
 * end.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { isAbsolute, resolve } from 'node:path'
import { PassThrough, type Readable } from 'node:stream'
import { describeProtocolError, RobotHostEvent, RobotKillRequest, RobotSpawnRequest } from './host-protocol'

/** A robot command to start: `file` as written in robot.yaml (e.g. `node`), with exactly `env`. */
export interface LaunchRequest {
  file: string
  args: readonly string[]
  cwd: string
  env: Record<string, string>
}

/** How a robot process ended; `error` is set when it could not be started at all. */
export interface RobotExit {
  exitCode: number | null
  signal: NodeJS.Signals | null
  error?: Error
}

/** A started robot. `exited` resolves once the process is gone and its output has been delivered. */
export interface LaunchedRobot {
  readonly stdout: Readable
  readonly stderr: Readable
  readonly pid: number | undefined
  /** Sends signal to the robot (and, where the platform allows, to what it started). */
  kill(signal: NodeJS.Signals): void
  readonly exited: Promise<RobotExit>
}

/** Starts robot processes. */
export interface RobotLauncher {
  launch(request: LaunchRequest): LaunchedRobot
}

const IS_WINDOWS = process.platform === 'win32'

/** Whether a robot.yaml command names Node (which the room maps to the Node it runs on). */
export function isNodeCommand(file: string): boolean {
  return file === 'node' || file === 'node.exe'
}

/**
 * Maps a robot.yaml command to what is spawned. `node` becomes the Node that runs the room, so robots
 * need no Node on PATH; when that binary is Electron (a room run by Electron outside the desktop
 * app's robot host), ELECTRON_RUN_AS_NODE turns it into plain Node.
 */
export function resolveCommand(argv: readonly string[]): {
  file: string
  args: string[]
  env: Record<string, string>
} {
  const [command = '', ...args] = argv
  if (isNodeCommand(command)) {
    return { file: process.execPath, args, env: { ELECTRON_RUN_AS_NODE: '1' } }
  }
  return { file: command, args, env: {} }
}

/** Spawns robots as child processes of the room, each in its own process group on POSIX. */
export const childProcessLauncher: RobotLauncher = {
  launch(request) {
    const command = resolveCommand([request.file, ...request.args])
    const child: ChildProcess = spawn(command.file, command.args, {
      cwd: request.cwd,
      env: { ...request.env, ...command.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group on POSIX, so that stopping a robot also stops what the robot started.
      detached: !IS_WINDOWS,
      windowsHide: true,
    })
    let gone = false
    const exited = new Promise<RobotExit>((resolveExit) => {
      // on, not once: a second 'error' (a failed signal) with no listener would end the room.
      child.on('error', (error) => {
        // Without a pid the process never existed and 'close' may not follow.
        if (child.pid === undefined) resolveExit({ exitCode: null, signal: null, error })
      })
      child.once('close', (exitCode, signal) => resolveExit({ exitCode, signal }))
      // 'close' waits for stdout and stderr to end, and a process the robot left behind (a browser,
      // a driver) can hold them open for ever. Once the robot itself has exited, give its output a
      // moment to drain, then end what it left in its process group and close the pipes.
      child.once('exit', (exitCode, signal) => {
        const drain = setTimeout(() => {
          endLeftovers(child)
          resolveExit({ exitCode, signal })
        }, OUTPUT_DRAIN_MS)
        child.once('close', () => clearTimeout(drain))
      })
    }).then((exit) => {
      gone = true
      return exit
    })
    return {
      stdout: child.stdout as Readable,
      stderr: child.stderr as Readable,
      pid: child.pid,
      exited,
      kill(signal) {
        if (gone || child.pid === undefined) return
        try {
          if (IS_WINDOWS) killTreeWindows(child.pid, signal === 'SIGKILL')
          else process.kill(-child.pid, signal)
        } catch {
          // Already gone between the check and the signal.
        }
      },
    }
  },
}

/** How long a robot's output may keep arriving after the robot itself exited. */
const OUTPUT_DRAIN_MS = 1500

/** Ends the processes a robot left in its process group and stops reading their output. */
function endLeftovers(child: ChildProcess): void {
  if (child.pid !== undefined && !IS_WINDOWS) {
    try {
      process.kill(-child.pid, 'SIGKILL')
    } catch {
      // The group is already empty.
    }
  }
  child.stdout?.destroy()
  child.stderr?.destroy()
}

/** Windows has no process groups: taskkill /T walks the tree (/F forces). */
export function killTreeWindows(pid: number, force: boolean): void {
  spawnSync('taskkill', ['/pid', String(pid), '/T', ...(force ? ['/F'] : [])], {
    stdio: 'ignore',
    windowsHide: true,
  })
}

/** The part of Electron's `process.parentPort` the room uses (an EventEmitter pair in tests). */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown
  postMessage(message: unknown): void
}

interface HostedRobot {
  stdout: PassThrough
  stderr: PassThrough
  settle: (exit: RobotExit) => void
  pid: number | undefined
}

/** A launcher whose `node` robots the main process runs, and which can be told that process has gone. */
export interface HostedRobotLauncher extends RobotLauncher {
  /**
   * The main process has gone (parent-watch.ts), and its robots with it: their exits will never be
   * relayed, so from now on stopping a hosted robot settles it at once, and none is launched.
   */
  parentGone(): void
}

/**
 * Launches `node` script robots through the main process over port; anything else (python, shells)
 * is spawned by the room itself, which needs no fuse.
 */
export function parentPortLauncher(
  port: ParentPortLike,
  fallback: RobotLauncher = childProcessLauncher,
): HostedRobotLauncher {
  const robots = new Map<string, HostedRobot>()
  let listening = false
  let counter = 0
  let parentIsGone = false
  // While a hosted robot runs, the room waits for its exit from the parent port, which keeps no
  // process alive by itself (an Electron utility process happens to stay up: electron#47228).
  let keepAlive: NodeJS.Timeout | undefined
  const track = () => {
    if (robots.size > 0) keepAlive ??= setInterval(() => {}, 60_000)
    else {
      clearInterval(keepAlive)
      keepAlive = undefined
    }
  }
  const listen = () => {
    if (listening) return
    listening = true
    port.on('message', (event) => {
      // What the main process sends is checked like any input; a message outside the protocol is dropped.
      const parsed = RobotHostEvent.safeParse(event?.data)
      if (!parsed.success) return
      const message = parsed.data
      const robot = robots.get(message.id)
      if (!robot) return
      switch (message.type) {
        case 'robot.spawned':
          robot.pid = message.pid ?? undefined
          break
        case 'robot.stdout':
        case 'robot.stderr':
          ;(message.type === 'robot.stdout' ? robot.stdout : robot.stderr).write(Buffer.from(message.data))
          break
        case 'robot.exit':
          robots.delete(message.id)
          robot.settle({ exitCode: message.exitCode, signal: message.signal })
          break
        case 'robot.error':
          robots.delete(message.id)
          robot.settle({ exitCode: null, signal: null, error: new Error(message.message) })
          break
      }
    })
  }

  return {
    parentGone() {
      parentIsGone = true
    },
    launch(request) {
      if (!isNodeCommand(request.file)) return fallback.launch(request)
      listen()
      const id = `robot-${process.pid}-${++counter}`
      const stdout = new PassThrough()
      const stderr = new PassThrough()
      let gone = false
      let settle: (exit: RobotExit) => void = () => {}
      const exited = new Promise<RobotExit>((resolveExit) => {
        settle = (exit) => {
          gone = true
          stdout.end()
          stderr.end()
          // Every path that settles a robot has taken it out of `robots` first.
          track()
          resolveExit(exit)
        }
      })
      const robot: HostedRobot = { stdout, stderr, settle, pid: undefined }
      robots.set(id, robot)
      track()
      const split = splitNodeArgs(request.args)
      if (parentIsGone) {
        robots.delete(id)
        settle({
          exitCode: null,
          signal: null,
          error: new Error('the Robodeck app that runs node robots has gone'),
        })
      } else if (!split) {
        robots.delete(id)
        settle({
          exitCode: null,
          signal: null,
          error: new Error('a `node` robot command must name a script file (e.g. `node task.mjs`)'),
        })
      } else {
        const script = isAbsolute(split.script) ? split.script : resolve(request.cwd, split.script)
        // Checked here with the host's own schema, so a request the host would ignore fails at once
        // (e.g. a code-loading Node flag) instead of leaving the run waiting for an answer.
        const spawnMessage = RobotSpawnRequest.safeParse({
          type: 'robot.spawn',
          id,
          script,
          args: split.args,
          execArgv: split.execArgv,
          cwd: request.cwd,
          env: request.env,
        })
        if (spawnMessage.success) port.postMessage(spawnMessage.data)
        else {
          robots.delete(id)
          settle({
            exitCode: null,
            signal: null,
            error: new Error(
              `the robot host cannot start this command (${describeProtocolError(spawnMessage.error)})`,
            ),
          })
        }
      }
      return {
        stdout,
        stderr,
        get pid() {
          return robot.pid
        },
        exited,
        kill(signal) {
          if (gone) return
          if (parentIsGone) {
            // Its host went with the app; no exit will ever be relayed for it.
            robots.delete(id)
            robot.settle({ exitCode: null, signal })
            return
          }
          // Only the protocol's signals cross the channel; a step stop sends no other (SIGTERM, SIGKILL).
          const message = RobotKillRequest.safeParse({ type: 'robot.kill', id, signal })
          if (message.success) port.postMessage(message.data)
        },
      }
    },
  }
}

/** Splits `node [options] script [args]`; null when there is no script (e.g. `node -e code`). */
export function splitNodeArgs(
  args: readonly string[],
): { execArgv: string[]; script: string; args: string[] } | null {
  const index = args.findIndex((arg) => !arg.startsWith('-'))
  if (index < 0) return null
  const execArgv = args.slice(0, index)
  // Options that take the next word as their code or module are not a script in front of us.
  if (execArgv.some((arg) => ['-e', '--eval', '-p', '--print', '-r', '--require'].includes(arg))) return null
  return { execArgv, script: args[index] as string, args: args.slice(index + 1) }
}

let selected: HostedRobotLauncher | undefined

/**
 * The room's launcher: through the main process when the room runs as the desktop app's utility
 * process (which sets ROBODECK_ROBOT_HOST=parent-port), otherwise child processes.
 */
export function selectRobotLauncher(env: NodeJS.ProcessEnv = process.env): RobotLauncher {
  const port = (process as { parentPort?: ParentPortLike }).parentPort
  if (!port || env.ROBODECK_ROBOT_HOST !== 'parent-port') return childProcessLauncher
  selected ??= parentPortLauncher(port)
  return selected
}

/** Tells the room's hosted-robot launcher, if it has one, that the main process has gone. */
export function hostedRobotsParentGone(): void {
  selected?.parentGone()
}
