/**
 * The main-process end of the room's robot launcher (src/localroom/robot/launcher.ts). The local room
 * runs as an Electron utility process, which cannot fork utility processes and must not run the
 * Electron binary as Node (that needs the RunAsNode fuse, off in packaged builds). So the room asks
 * here: `robot.spawn` forks a `node` script robot with utilityProcess.fork, its output and exit are
 * relayed back, and `robot.kill` signals it. Messages from the room are checked like any input, with
 * the channel's one schema module (src/localroom/robot/host-protocol.ts).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { Readable } from 'node:stream'
import { type UtilityProcess, utilityProcess } from 'electron'
import {
  describeProtocolError,
  type RobotHostEvent,
  RobotHostRequest,
  type RobotSignal,
  type RobotSpawnRequest,
} from '../../localroom/robot/host-protocol'

const MAX_ROBOTS = 64
/** How long an exited robot's output may keep flowing (e.g. held open by a grandchild). */
const OUTPUT_DRAIN_MS = 2000

/** The room process as the host sees it: Electron's UtilityProcess (a fake in tests). */
export type RoomProcess = Pick<UtilityProcess, 'on' | 'postMessage'>

/** What forks a robot; utilityProcess.fork in the app. */
export type ForkRobot = (
  script: string,
  args: string[],
  options: {
    cwd: string
    env: Record<string, string>
    execArgv: string[]
    stdio: 'pipe'
    serviceName: string
  },
) => Pick<UtilityProcess, 'pid' | 'kill' | 'on' | 'once' | 'stdout' | 'stderr'>

export interface RobotHost {
  /** Robots currently running. */
  readonly running: number
  /** Ends every robot (the room is gone or the app quits). */
  dispose(): void
}

export interface RobotHostOptions {
  /** The room's data folder, where the working copies of robots live: no script runs from elsewhere. */
  allowedRoot: string
  /**
   * The built robot-entry.js, which each robot's utility process starts with (script and arguments
   * after it): it ends the process once the robot has nothing left to do, as Node would.
   */
  robotEntry: string
  fork?: ForkRobot
  log?: (line: string) => void
}

/**
 * Serves the room's robot requests. Scripts and working folders must lie under allowedRoot (the
 * room's data folder, where working copies of robots live): the host forks nothing else.
 */
export function attachRobotHost(room: RoomProcess, options: RobotHostOptions): RobotHost {
  const fork: ForkRobot =
    options.fork ?? ((script, args, forkOptions) => utilityProcess.fork(script, args, forkOptions))
  const log = options.log ?? ((line: string) => console.error(line))
  const root = resolve(options.allowedRoot)
  const robots = new Map<string, ReturnType<ForkRobot>>()
  const send = (event: RobotHostEvent) => {
    try {
      room.postMessage(event)
    } catch {
      // The room is gone; its robots are being ended by dispose().
    }
  }
  const inside = (path: string) => {
    const rel = relative(root, resolve(path))
    return isAbsolute(path) && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
  }

  /**
   * Relays one output stream of a robot until it ends. follow() (re)attaches the listeners, once
   * each, to the stream object captured here: Electron drops both its listeners and its reference.
   */
  const relay = (
    stream: NodeJS.ReadableStream | null,
    type: 'robot.stdout' | 'robot.stderr',
    id: string,
  ): { drained: Promise<void>; follow(): void } => {
    if (!stream) return { drained: Promise.resolve(), follow: () => {} }
    const readable = stream as Readable
    let resolveEnd: () => void = () => {}
    const drained = new Promise<void>((resolveDrained) => {
      resolveEnd = resolveDrained
    })
    // A copy: a Buffer can be a view on a larger pooled ArrayBuffer, all of which would be cloned.
    const onData = (chunk: Buffer) => send({ type, id, data: new Uint8Array(chunk) })
    const onEnd = () => resolveEnd()
    const follow = () => {
      if (readable.readableEnded || readable.destroyed) return onEnd()
      if (readable.listeners('data').includes(onData)) return
      readable.on('data', onData)
      readable.once('end', onEnd)
      readable.once('close', onEnd)
      readable.on('error', onEnd)
    }
    follow()
    return { drained, follow }
  }

  const spawnRobot = (request: RobotSpawnRequest) => {
    const refuse = (message: string) => send({ type: 'robot.error', id: request.id, message })
    if (robots.has(request.id)) return refuse(`robot ${request.id} is already running`)
    if (robots.size >= MAX_ROBOTS) return refuse(`more than ${MAX_ROBOTS} robots are running`)
    if (!inside(request.cwd) || !inside(request.script))
      return refuse('the robot script and its folder must be inside the local room data folder')
    let child: ReturnType<ForkRobot>
    try {
      child = fork(options.robotEntry, [request.script, ...request.args], {
        cwd: request.cwd,
        env: request.env,
        execArgv: request.execArgv,
        stdio: 'pipe',
        serviceName: 'Robodeck robot',
      })
    } catch (error) {
      return refuse(`cannot start the robot: ${(error as Error).message}`)
    }
    robots.set(request.id, child)
    // A V8 fatal error (e.g. the robot ran out of memory): 'exit' follows and fails the step.
    // Unlistened, 'error' would throw in the main process, so any robot could take the app down.
    child.on('error', (type: string, location: string) =>
      log(`robot host: robot ${request.id} hit a fatal error (${type} at ${location})`),
    )
    const output = [
      relay(child.stdout, 'robot.stdout', request.id),
      relay(child.stderr, 'robot.stderr', request.id),
    ]
    const drained = Promise.all(output.map((stream) => stream.drained))
    child.once('spawn', () => send({ type: 'robot.spawned', id: request.id, pid: child.pid ?? null }))
    child.once('exit', (code: number) => {
      robots.delete(request.id)
      // Electron removes every stdout/stderr listener right after emitting 'exit', though output may
      // still be in flight: put ours back before any more can arrive (a microtask runs first).
      queueMicrotask(() => {
        for (const stream of output) stream.follow()
      })
      // The room's console wants all of the output before the exit; a grandchild holding the pipes
      // open gets OUTPUT_DRAIN_MS.
      let timer: NodeJS.Timeout | undefined
      const cap = new Promise<void>((resolveCap) => {
        timer = setTimeout(resolveCap, OUTPUT_DRAIN_MS)
      })
      void Promise.race([drained, cap]).then(() => {
        clearTimeout(timer)
        send({ type: 'robot.exit', id: request.id, exitCode: code, signal: null })
      })
    })
  }

  const killRobot = (id: string, signal: RobotSignal) => {
    const child = robots.get(id)
    if (!child) return
    // utilityProcess.kill() sends SIGTERM and reaps the child; other signals go to its pid directly.
    if (signal === 'SIGTERM' || child.pid === undefined) {
      child.kill()
      return
    }
    try {
      process.kill(child.pid, signal)
    } catch {
      // Already gone.
    }
  }

  room.on('message', (message: unknown) => {
    const parsed = RobotHostRequest.safeParse(message)
    if (!parsed.success) {
      // The field and the rule, never the values: an env or an argument may hold a secret.
      const type = (message as { type?: unknown })?.type
      log(
        `robot host: ignored an invalid message from the local room (${typeof type === 'string' ? type.slice(0, 40) : 'no type'}; ${describeProtocolError(parsed.error)})`,
      )
      return
    }
    if (parsed.data.type === 'robot.spawn') spawnRobot(parsed.data)
    else killRobot(parsed.data.id, parsed.data.signal)
  })

  const dispose = () => {
    for (const child of robots.values()) child.kill()
    robots.clear()
  }
  room.on('exit', dispose)
  return {
    get running() {
      return robots.size
    },
    dispose,
  }
}
