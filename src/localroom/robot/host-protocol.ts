/**
 * The robot-host channel: the messages between the local room (an Electron utility process, over
 * `process.parentPort`) and the desktop app's main process, which forks the room's `node` robots
 * for it (see launcher.ts for why). One schema per direction, parsed on both ends, so the two sides
 * cannot drift apart and neither trusts what crosses the process boundary.
 *
 * This module is the room's public surface for that channel: src/main/desktop/robot-host.ts imports
 * it, and nothing else of the room. It needs only zod.
 */
import { z } from 'zod'

/** Signals the room may ask for: the graceful stop and the forced one (and Ctrl-C's). */
export const ROBOT_SIGNALS = ['SIGTERM', 'SIGKILL', 'SIGINT'] as const
export type RobotSignal = (typeof ROBOT_SIGNALS)[number]

/** Node flags that would run code from outside the robot's script; the host never passes them on. */
const CODE_LOADING_FLAGS = [
  '-e',
  '--eval',
  '-p',
  '--print',
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
]

function isHarmlessNodeFlag(arg: string): boolean {
  const name = arg.split('=')[0] ?? arg
  return arg.startsWith('-') && !CODE_LOADING_FLAGS.includes(name)
}

const text = (max: number) => z.string().min(1).max(max)
const robotId = text(100)

/** Room -> main: fork a `node` script robot. Paths are absolute; the host checks where they point. */
export const RobotSpawnRequest = z.object({
  type: z.literal('robot.spawn'),
  id: robotId,
  script: text(4096),
  args: z.array(z.string().max(32_768)).max(256),
  execArgv: z.array(z.string().max(4096).refine(isHarmlessNodeFlag, 'a Node flag that loads code')).max(32),
  cwd: text(4096),
  env: z.record(z.string().max(256), z.string().max(32_768)),
})
export type RobotSpawnRequest = z.infer<typeof RobotSpawnRequest>

/** Room -> main: signal a robot it asked for. */
export const RobotKillRequest = z.object({
  type: z.literal('robot.kill'),
  id: robotId,
  signal: z.enum(ROBOT_SIGNALS),
})

/** Every message from the room to the main process. */
export const RobotHostRequest = z.discriminatedUnion('type', [RobotSpawnRequest, RobotKillRequest])
export type RobotHostRequest = z.infer<typeof RobotHostRequest>

/** A signal name as Node reports it in an exit (`SIGTERM`, `SIGKILL`, …). */
const exitSignal = z.custom<NodeJS.Signals>(
  (value) => typeof value === 'string' && /^SIG[A-Z0-9]{1,12}$/.test(value),
  'a signal name',
)

/** Every message from the main process to the room, each about one robot. */
export const RobotHostEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('robot.spawned'), id: robotId, pid: z.number().int().positive().nullable() }),
  z.object({
    type: z.enum(['robot.stdout', 'robot.stderr']),
    id: robotId,
    // Electron's structured clone delivers a Uint8Array; a string is accepted for hand-written hosts.
    data: z.union([z.instanceof(Uint8Array), z.string()]),
  }),
  z.object({
    type: z.literal('robot.exit'),
    id: robotId,
    exitCode: z.number().int().nullable(),
    signal: exitSignal.nullable(),
  }),
  z.object({ type: z.literal('robot.error'), id: robotId, message: z.string() }),
])
export type RobotHostEvent = z.infer<typeof RobotHostEvent>

/** A parse failure as one short line: the first issue's field and message, never the values. */
export function describeProtocolError(error: z.ZodError): string {
  const issue = error.issues[0]
  const field = issue?.path.length ? issue.path.join('.') : 'message'
  return `${field}: ${issue?.message ?? 'invalid'}`
}
