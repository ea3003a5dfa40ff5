/**
 * A robot's last output is relayed even though Electron removes every stdout/stderr listener right
 * after emitting 'exit' (lib/browser/api/utility-process.ts), and the exit is relayed as soon as the
 * output has ended rather than after the drain cap. The double does exactly what Electron does.
 */
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronModule)

const { attachRobotHost } = await import('../../../../src/main/desktop/robot-host')

const ROOT = join('/', 'data', 'localroom')
const CWD = join(ROOT, 'step-runs', 's1', 'robot')

/** A UtilityProcess double with Electron's exit behaviour: listeners and streams go after 'exit'. */
class ElectronLikeRobot extends EventEmitter {
  pid: number | undefined = 4321
  stdout: PassThrough | null = new PassThrough()
  stderr: PassThrough | null = new PassThrough()
  readonly kill = vi.fn(() => true)
  exitWith(code: number) {
    const { stdout, stderr } = this
    try {
      this.emit('exit', code)
    } finally {
      this.pid = undefined
      stdout?.removeAllListeners()
      stderr?.removeAllListeners()
      this.stdout = null
      this.stderr = null
    }
    return { stdout, stderr }
  }
}

describe('robot host: output around the exit', () => {
  it('relays what the robot printed after its exit was reported, then the exit at once', async () => {
    vi.useFakeTimers()
    try {
      const room = Object.assign(new EventEmitter(), { postMessage: vi.fn() })
      const robot = new ElectronLikeRobot()
      attachRobotHost(room as never, {
        allowedRoot: ROOT,
        robotEntry: '/app/out/main/robot-entry.js',
        fork: (() => robot) as never,
      })
      room.emit('message', {
        type: 'robot.spawn',
        id: 'r1',
        script: join(CWD, 'robot.mjs'),
        args: [],
        execArgv: [],
        cwd: CWD,
        env: {},
      })
      robot.emit('spawn')
      robot.stdout?.write('first\n')
      await vi.advanceTimersByTimeAsync(0)
      // The process has gone, but its last lines are still in the pipe: they are read after the
      // exit is reported (a separate channel), in a later turn of the event loop.
      const { stdout, stderr } = robot.exitWith(0)
      await null
      stdout?.write('last line\n')
      stderr?.write('last warning\n')
      stdout?.end()
      stderr?.end()
      await vi.advanceTimersByTimeAsync(10)
      const sent = room.postMessage.mock.calls.map(([message]) => message)
      const text = (type: string) =>
        sent
          .filter((message) => message.type === type)
          .map((message) => Buffer.from(message.data).toString())
          .join('')
      expect(text('robot.stdout')).toBe('first\nlast line\n')
      expect(text('robot.stderr')).toBe('last warning\n')
      // Within 10 ms, not after the 2 s cap: the end of the output was seen.
      expect(sent.at(-1)).toEqual({ type: 'robot.exit', id: 'r1', exitCode: 0, signal: null })
    } finally {
      vi.useRealTimers()
    }
  })

  it('listens for a fatal error, so that it cannot throw in the main process', () => {
    const room = Object.assign(new EventEmitter(), { postMessage: vi.fn() })
    const robot = new ElectronLikeRobot()
    const log = vi.fn()
    attachRobotHost(room as never, {
      allowedRoot: ROOT,
      robotEntry: '/e.js',
      fork: (() => robot) as never,
      log,
    })
    room.emit('message', {
      type: 'robot.spawn',
      id: 'r2',
      script: join(CWD, 'robot.mjs'),
      args: [],
      execArgv: [],
      cwd: CWD,
      env: {},
    })
    expect(() => robot.emit('error', 'FatalError', 'v8::OOM', 'report with the environment')).not.toThrow()
    expect(log).toHaveBeenCalledWith('robot host: robot r2 hit a fatal error (FatalError at v8::OOM)')
    expect(log.mock.calls.flat().join(' ')).not.toContain('environment')
  })
})
