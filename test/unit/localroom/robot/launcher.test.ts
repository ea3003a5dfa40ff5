/**
 * The parent-port robot launcher against the real robot host, in plain Node: a fake parentPort (an
 * EventEmitter pair that structured-clones every message, as Electron does) connects the room's side
 * to attachRobotHost, whose fork really starts the script (through the built robot-entry.js) with
 * child_process. So the whole protocol runs end to end without Electron.
 */
import { spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  childProcessLauncher,
  parentPortLauncher,
  type RobotLauncher,
  splitNodeArgs,
} from '../../../../src/localroom/robot/launcher'
import { startStepProcess } from '../../../../src/localroom/robot/step-process'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronMock)
const { attachRobotHost } = await import('../../../../src/main/desktop/robot-host')

/** The built entry each robot starts with (vitest's global setup builds it). */
const ROBOT_ENTRY = join(resolve(__dirname, '../../../..'), 'out/main/robot-entry.js')
let dir: string
let launcher: RobotLauncher
const fallback = { launch: vi.fn((request) => childProcessLauncher.launch(request)) }

/** Connects a room-side port and a host-side room process, delivering messages asynchronously. */
function portPair() {
  const toRoom = new EventEmitter()
  const toHost = new EventEmitter()
  const deliver = (target: EventEmitter, event: string, value: unknown) =>
    setImmediate(() => target.emit(event, value))
  const port = {
    on: (event: 'message', listener: (event: { data: unknown }) => void) => toRoom.on(event, listener),
    postMessage: (message: unknown) => deliver(toHost, 'message', structuredClone(message)),
  }
  const room = Object.assign(toHost, {
    postMessage: (message: unknown) => deliver(toRoom, 'message', { data: structuredClone(message) }),
  })
  return { port, room }
}

/** Forks like utilityProcess.fork, with child_process: same script, args, cwd, env and execArgv. */
const forkWithChildProcess = (
  script: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; execArgv: string[] },
) =>
  spawn(process.execPath, [...options.execArgv, script, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })

const SCRIPTS = {
  'hello.mjs': `console.log('hello ' + process.argv.slice(2).join(' '))
console.error('env ' + process.env.RC_PROCESS_RUN_ID + ' ' + (process.env.SECRET ?? 'none'))
for (let i = 0; i < 2000; i++) console.log('line ' + i + ' ' + 'é'.repeat(50))
process.exitCode = 3`,
  'stoppable.mjs': `process.on('SIGTERM', () => { console.log('Stopping now'); process.exit(143) })
console.log('ready'); setInterval(() => {}, 1000)`,
  'stubborn.mjs': `process.on('SIGTERM', () => console.log('ignoring SIGTERM'))
console.log('ready'); setInterval(() => {}, 1000)`,
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-launcher-'))
  for (const [name, body] of Object.entries(SCRIPTS)) await writeFile(join(dir, name), body)
  const { port, room } = portPair()
  // biome-ignore lint/suspicious/noExplicitAny: EventEmitter and ChildProcess stand in for UtilityProcess
  attachRobotHost(room as any, {
    allowedRoot: dir,
    robotEntry: ROBOT_ENTRY,
    // biome-ignore lint/suspicious/noExplicitAny: a ChildProcess stands in for a UtilityProcess
    fork: forkWithChildProcess as any,
  })
  launcher = parentPortLauncher(port, fallback)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function run(argv: string[]) {
  const lines: string[] = []
  const step = startStepProcess({
    argv,
    cwd: dir,
    env: { RC_PROCESS_RUN_ID: 'run-7', PATH: process.env.PATH ?? '' },
    onLine: (stream, line) => lines.push(`${stream}: ${line}`),
    launcher,
  })
  return { step, lines }
}

/** Starting Node takes well over vi.waitFor's default second on a loaded machine. */
const STARTUP = { timeout: 15_000, interval: 50 }

describe('parent-port robot launcher', () => {
  it('runs a node script through the host with its env, all of its output and its exit code', async () => {
    const { step, lines } = run(['node', 'hello.mjs', 'a', 'b'])
    const result = await step.done
    expect(result).toEqual({ exitCode: 3, signal: null, spawnError: null })
    expect(lines[0]).toBe('stdout: hello a b')
    expect(lines).toContain('stderr: env run-7 none')
    expect(lines.filter((line) => line.startsWith('stdout: line '))).toHaveLength(2000)
    expect(lines).toContain(`stdout: line 1999 ${'é'.repeat(50)}`)
    expect(fallback.launch).not.toHaveBeenCalled()
  })

  it('stops a robot with SIGTERM, which it can handle', async () => {
    const { step, lines } = run(['node', 'stoppable.mjs'])
    await vi.waitFor(() => expect(lines).toContain('stdout: ready'), STARTUP)
    step.kill(5000)
    expect(await step.done).toMatchObject({ exitCode: 143 })
    expect(lines).toContain('stdout: Stopping now')
  })

  it('kills a robot that ignores SIGTERM after the grace period', async () => {
    const { step, lines } = run(['node', 'stubborn.mjs'])
    await vi.waitFor(() => expect(lines).toContain('stdout: ready'), STARTUP)
    step.kill(300)
    const result = await step.done
    expect(result.exitCode).not.toBe(0)
    expect(lines).toContain('stdout: ignoring SIGTERM')
  })

  it('reports a script the host refuses as a spawn error', async () => {
    const { step } = run(['node', join(tmpdir(), 'not-in-the-room.mjs')])
    const result = await step.done
    expect(result.spawnError?.message).toMatch(/inside the local room data folder/)
  })

  it('refuses `node` without a script, and spawns other commands itself', async () => {
    expect((await run(['node', '-e', 'console.log(1)']).step.done).spawnError?.message).toMatch(/script file/)
    const { step, lines } = run([process.execPath, '-e', 'console.log("direct")'])
    expect((await step.done).exitCode).toBe(0)
    expect(lines).toEqual(['stdout: direct'])
    expect(fallback.launch).toHaveBeenCalledTimes(1)
  })
})

describe('parent-port launcher protocol checks', () => {
  /** A room-side port whose messages the test plays the host for. */
  function scriptedPort() {
    const toRoom = new EventEmitter()
    const sent: unknown[] = []
    const port = {
      on: (event: 'message', listener: (event: { data: unknown }) => void) => toRoom.on(event, listener),
      postMessage: (message: unknown) => sent.push(message),
    }
    const reply = (data: unknown) => toRoom.emit('message', { data })
    return { port, sent, reply }
  }
  const request = (args: string[]) => ({ file: 'node', args, cwd: dir, env: {} })

  it('refuses at once a command the host would ignore, instead of waiting for an answer', async () => {
    const { port, sent } = scriptedPort()
    const robot = parentPortLauncher(port, fallback).launch(request(['--import=/tmp/evil.mjs', 'hello.mjs']))
    const exit = await Promise.race([
      robot.exited,
      new Promise((resolveLate) => setTimeout(() => resolveLate('still waiting'), 1000)),
    ])
    expect(exit).toMatchObject({ exitCode: null, error: expect.any(Error) })
    expect((exit as { error: Error }).error.message).toMatch(/execArgv\.0: a Node flag that loads code/)
    expect(sent).toEqual([])
  })

  it('drops host messages outside the protocol and settles on the first valid exit', async () => {
    const { port, sent, reply } = scriptedPort()
    const robot = parentPortLauncher(port, fallback).launch(request(['hello.mjs']))
    const [spawn] = sent as Array<{ type: string; id: string }>
    expect(spawn).toMatchObject({ type: 'robot.spawn', script: join(dir, 'hello.mjs') })
    const id = spawn?.id
    let settled = false
    void robot.exited.then(() => {
      settled = true
    })
    for (const bad of [
      { type: 'robot.exit', id, exitCode: 'zero', signal: null },
      { type: 'robot.exit', id, exitCode: 0, signal: 'not a signal' },
      { type: 'robot.stdout', id, data: 42 },
      { type: 'robot.spawned', id, pid: -1 },
      { type: 'robot.finished', id },
      null,
    ])
      reply(bad)
    reply({ type: 'robot.stdout', id, data: new TextEncoder().encode('out\n') })
    await new Promise((resolveTick) => setImmediate(resolveTick))
    expect(settled).toBe(false)
    expect(robot.pid).toBeUndefined()
    reply({ type: 'robot.spawned', id, pid: 77 })
    expect(robot.pid).toBe(77)
    reply({ type: 'robot.exit', id, exitCode: 0, signal: null })
    expect(await robot.exited).toEqual({ exitCode: 0, signal: null })
    robot.kill('SIGTERM')
    expect(sent).toHaveLength(1)
  })

  it('sends only the protocol signals to the host', () => {
    const { port, sent } = scriptedPort()
    const robot = parentPortLauncher(port, fallback).launch(request(['hello.mjs']))
    robot.kill('SIGTERM')
    robot.kill('SIGHUP')
    robot.kill('SIGKILL')
    expect(sent.slice(1).map((message) => (message as { signal: string }).signal)).toEqual([
      'SIGTERM',
      'SIGKILL',
    ])
  })
})

describe('node arguments', () => {
  it('splits options, script and script arguments', () => {
    expect(splitNodeArgs(['--enable-source-maps', 'a.mjs', '-x'])).toEqual({
      execArgv: ['--enable-source-maps'],
      script: 'a.mjs',
      args: ['-x'],
    })
    expect(splitNodeArgs(['-e', 'code'])).toBeNull()
    expect(splitNodeArgs([])).toBeNull()
  })
})
