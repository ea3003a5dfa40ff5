import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { RobotHostEvent, RobotHostRequest } from '../../../../src/localroom/robot/host-protocol'
import { electronMock } from '../../../support/electron-mock'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronMock)

const { attachRobotHost } = await import('../../../../src/main/desktop/robot-host')

const ROOT = join('/', 'data', 'localroom')
const ROBOT_ENTRY = join('/', 'app', 'out', 'main', 'robot-entry.js')
const CWD = join(ROOT, 'step-runs', 's1', 'robot')

/** A forked robot double: an EventEmitter with pid, kill and piped output. */
function fakeRobot(pid = 4321) {
  return Object.assign(new EventEmitter(), {
    pid,
    kill: vi.fn(() => true),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
  })
}

function setup() {
  const room = Object.assign(new EventEmitter(), { postMessage: vi.fn() })
  const robot = fakeRobot()
  const fork = vi.fn(() => robot)
  const log = vi.fn()
  // biome-ignore lint/suspicious/noExplicitAny: the doubles stand in for Electron's classes
  const host = attachRobotHost(room as any, {
    allowedRoot: ROOT,
    robotEntry: ROBOT_ENTRY,
    // biome-ignore lint/suspicious/noExplicitAny: the doubles stand in for Electron's classes
    fork: fork as any,
    log,
  })
  const sent = () => room.postMessage.mock.calls.map(([message]) => message)
  return { room, robot, fork, log, host, sent }
}

const spawnMessage = (overrides: Record<string, unknown> = {}) => ({
  type: 'robot.spawn',
  id: 'r1',
  script: join(CWD, 'echo.mjs'),
  args: ['--flag'],
  execArgv: [],
  cwd: CWD,
  env: { RC_PROCESS_RUN_ID: 'run-1' },
  ...overrides,
})

beforeEach(() => vi.clearAllMocks())

describe('robot host', () => {
  it('forks a node script robot and relays its output, then its exit', async () => {
    const { room, robot, fork, host, sent } = setup()
    room.emit('message', spawnMessage())
    // The robot's script runs through robot-entry.js, which ends the process once it is done.
    expect(fork).toHaveBeenCalledWith(ROBOT_ENTRY, [join(CWD, 'echo.mjs'), '--flag'], {
      cwd: CWD,
      env: { RC_PROCESS_RUN_ID: 'run-1' },
      execArgv: [],
      stdio: 'pipe',
      serviceName: 'Robodeck robot',
    })
    expect(host.running).toBe(1)
    robot.emit('spawn')
    robot.stdout.write('hello\n')
    robot.stderr.write('oops\n')
    // The exit arrives before the output has ended: the host waits for the output first.
    robot.emit('exit', 3)
    robot.stdout.end()
    robot.stderr.end()
    await vi.waitFor(() => expect(sent().at(-1)).toMatchObject({ type: 'robot.exit' }))
    const messages = sent()
    expect(messages[0]).toEqual({ type: 'robot.spawned', id: 'r1', pid: 4321 })
    const out = messages.find((m) => m.type === 'robot.stdout')
    expect(Buffer.from(out.data).toString()).toBe('hello\n')
    expect(out.data).toBeInstanceOf(Uint8Array)
    expect(Buffer.from(messages.find((m) => m.type === 'robot.stderr').data).toString()).toBe('oops\n')
    expect(messages.at(-1)).toEqual({ type: 'robot.exit', id: 'r1', exitCode: 3, signal: null })
    expect(host.running).toBe(0)
    // Everything the host sent is what the room's side of the protocol accepts.
    for (const message of messages) expect(RobotHostEvent.safeParse(message).error).toBeUndefined()
  })

  it('accepts what the room sends, by the same schema', () => {
    expect(RobotHostRequest.safeParse(spawnMessage()).success).toBe(true)
    expect(RobotHostRequest.safeParse({ type: 'robot.kill', id: 'r1', signal: 'SIGKILL' }).success).toBe(true)
  })

  it('logs which field broke the protocol, never its value', () => {
    const { room, log } = setup()
    room.emit('message', spawnMessage({ env: { TOKEN: 12345 } }))
    room.emit('message', { type: 'robot.kill', id: 'r1', signal: 'SIGSTOP' })
    expect(log.mock.calls.map(([line]) => line)).toEqual([
      expect.stringMatching(/\(robot\.spawn; env\.TOKEN: .+\)$/),
      expect.stringMatching(/\(robot\.kill; signal: .+\)$/),
    ])
    expect(log.mock.calls.some(([line]) => /12345|SIGSTOP/.test(String(line)))).toBe(false)
  })

  it('uses utilityProcess.fork by default', () => {
    const room = Object.assign(new EventEmitter(), { postMessage: vi.fn() })
    electronMock.utilityProcess.fork.mockReturnValueOnce(fakeRobot())
    // biome-ignore lint/suspicious/noExplicitAny: a double for Electron's UtilityProcess
    attachRobotHost(room as any, { allowedRoot: ROOT, robotEntry: ROBOT_ENTRY })
    room.emit('message', spawnMessage())
    expect(electronMock.utilityProcess.fork).toHaveBeenCalledWith(
      ROBOT_ENTRY,
      [join(CWD, 'echo.mjs'), '--flag'],
      expect.objectContaining({ stdio: 'pipe', cwd: CWD }),
    )
  })

  it('ignores messages that do not match the protocol', () => {
    const { room, fork, log, sent } = setup()
    for (const bad of [
      null,
      'robot.spawn',
      { type: 'robot.spawn' },
      spawnMessage({ args: 'not-a-list' }),
      spawnMessage({ env: { A: 1 } }),
      spawnMessage({ id: '' }),
      { type: 'robot.kill', id: 'r1', signal: 'SIGSTOP' },
      { type: 'robot.exec', id: 'r1' },
      // Node flags that would load code from elsewhere than the robot's script.
      spawnMessage({ execArgv: ['--import=/tmp/evil.mjs'] }),
      spawnMessage({ execArgv: ['--require', '/tmp/evil.js'] }),
      spawnMessage({ execArgv: ['-e'] }),
    ])
      room.emit('message', bad)
    expect(fork).not.toHaveBeenCalled()
    expect(sent()).toEqual([])
    expect(log).toHaveBeenCalledTimes(11)
    expect(log.mock.calls.every(([line]) => !String(line).includes('run-1'))).toBe(true)
  })

  it('refuses scripts and folders outside the room data folder, and duplicate ids', () => {
    const { room, fork, sent } = setup()
    room.emit('message', spawnMessage({ script: join('/', 'etc', 'evil.mjs') }))
    room.emit('message', spawnMessage({ id: 'r2', cwd: join(ROOT, '..', 'elsewhere') }))
    room.emit('message', spawnMessage({ id: 'r3', script: 'relative.mjs' }))
    expect(fork).not.toHaveBeenCalled()
    expect(sent().map((m) => [m.type, m.id])).toEqual([
      ['robot.error', 'r1'],
      ['robot.error', 'r2'],
      ['robot.error', 'r3'],
    ])
    room.emit('message', spawnMessage())
    room.emit('message', spawnMessage())
    expect(fork).toHaveBeenCalledTimes(1)
    expect(sent().at(-1)).toMatchObject({
      type: 'robot.error',
      id: 'r1',
      message: expect.stringContaining('already'),
    })
  })

  it('reports a fork that throws as a robot error', () => {
    const { room, fork, sent } = setup()
    fork.mockImplementationOnce(() => {
      throw new Error('no such file')
    })
    room.emit('message', spawnMessage())
    expect(sent()).toEqual([
      { type: 'robot.error', id: 'r1', message: 'cannot start the robot: no such file' },
    ])
  })

  it('stops a robot gracefully with kill() and forcibly with its pid', () => {
    const { room, robot } = setup()
    const processKill = vi.spyOn(process, 'kill').mockImplementation(() => true)
    try {
      room.emit('message', spawnMessage())
      room.emit('message', { type: 'robot.kill', id: 'r1', signal: 'SIGTERM' })
      expect(robot.kill).toHaveBeenCalledTimes(1)
      room.emit('message', { type: 'robot.kill', id: 'r1', signal: 'SIGKILL' })
      expect(processKill).toHaveBeenCalledWith(4321, 'SIGKILL')
      room.emit('message', { type: 'robot.kill', id: 'unknown', signal: 'SIGKILL' })
      expect(processKill).toHaveBeenCalledTimes(1)
    } finally {
      processKill.mockRestore()
    }
  })

  it('ends every robot when the room exits', () => {
    const { room, robot, host } = setup()
    room.emit('message', spawnMessage())
    room.emit('exit', 0)
    expect(robot.kill).toHaveBeenCalled()
    expect(host.running).toBe(0)
  })
})
