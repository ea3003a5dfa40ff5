/**
 * robot-entry.js: a robot's utility process ends once the robot has nothing left to do, as Node
 * would. The built entry is run in a Node process that, like an Electron utility process, does not
 * end by itself (the shim keeps it alive), with real robot scripts.
 */
import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { countResources, exitWhenIdle, isIdle } from '../../../../src/main/desktop/robot-exit'
import { tempDir } from '../../../support/temp-dir'

const root = resolve(__dirname, '../../../..')
const ENTRY = join(root, 'out/main/robot-entry.js')
const SHIM = join(root, 'test/support/utility-process-shim.cjs')

/** Runs `robot-entry.js script args` as a utility process would; resolves with its exit and output. */
function runRobot(script: string, args: string[] = [], timeoutMs = 10_000) {
  const child = spawn(process.execPath, ['--require', SHIM, ENTRY, script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  let out = ''
  child.stdout?.on('data', (chunk) => {
    out += chunk
  })
  child.stderr?.on('data', (chunk) => {
    out += chunk
  })
  const started = Date.now()
  return new Promise<{ code: number | null; out: string; ms: number }>((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('close', (code) => {
      clearTimeout(timer)
      done({ code, out, ms: Date.now() - started })
    })
  })
}

describe('robot entry', () => {
  it('compares what keeps the process alive with what it had before the robot ran', () => {
    const baseline = countResources(['PipeWrap', 'PipeWrap', 'Timeout'])
    expect(isIdle(baseline, ['Timeout', 'PipeWrap'])).toBe(true)
    expect(isIdle(baseline, ['Timeout', 'Timeout', 'PipeWrap'])).toBe(false)
    expect(isIdle(baseline, ['PipeWrap', 'FSReqCallback'])).toBe(false)
  })

  it('lets beforeExit listeners schedule more work before it exits', async () => {
    vi.useFakeTimers()
    try {
      let active: string[] = []
      const exit = vi.fn()
      // The first beforeExit schedules more work (as a robot's flush might); the second does not.
      const beforeExit = vi.fn(() => {
        if (beforeExit.mock.calls.length === 1) active = ['Timeout']
      })
      exitWhenIdle({ baseline: new Map(), active: () => active, exit, beforeExit, pollMs: 10 })
      await vi.advanceTimersByTimeAsync(30)
      expect(beforeExit).toHaveBeenCalledTimes(1)
      expect(exit).not.toHaveBeenCalled()
      active = []
      await vi.advanceTimersByTimeAsync(100)
      expect(beforeExit).toHaveBeenCalledTimes(2)
      expect(exit).toHaveBeenCalledTimes(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('runs the script as `node script args` would and ends once it is done, with its exit code', async () => {
    const dir = await tempDir('robodeck-robot-entry-')
    const script = join(dir, 'robot.mjs')
    await writeFile(
      script,
      `console.log(JSON.stringify(process.argv.slice(1)))
       setTimeout(() => { console.log('last line'); process.exitCode = 3 }, 200)`,
    )
    const result = await runRobot(script, ['a', '--b'])
    expect(result.code).toBe(3)
    expect(result.out).toBe(`${JSON.stringify([script, 'a', '--b'])}\nlast line\n`)
    expect(result.ms).toBeLessThan(5_000)
  })

  it('runs a CommonJS robot as the main module', async () => {
    const dir = await tempDir('robodeck-robot-entry-')
    const script = join(dir, 'robot.cjs')
    await writeFile(script, `if (require.main === module) console.log('main')`)
    expect(await runRobot(script)).toMatchObject({ code: 0, out: 'main\n' })
  })

  it('ends a robot whose script throws, with exit code 1', async () => {
    const dir = await tempDir('robodeck-robot-entry-')
    const script = join(dir, 'robot.mjs')
    await writeFile(script, `throw new Error('robot broke')`)
    const result = await runRobot(script)
    expect(result.code).toBe(1)
    expect(result.out).toContain('robot broke')
  })

  it('without it, the same robot would never end (as in an Electron utility process)', async () => {
    const dir = await tempDir('robodeck-robot-entry-')
    const script = join(dir, 'robot.mjs')
    await writeFile(script, `console.log('done')`)
    const child = spawn(process.execPath, ['--require', SHIM, script], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    const ended = await Promise.race([
      new Promise((done) => child.once('exit', () => done(true))),
      new Promise((done) => setTimeout(() => done(false), 1_500)),
    ])
    child.kill('SIGKILL')
    expect(ended).toBe(false)
  })
})
