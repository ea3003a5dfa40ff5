/**
 * The room's side of hosted robots (`node` robots the desktop app runs for it): while one runs, the
 * room keeps itself alive waiting for its exit, which comes over the parent port, a channel that
 * keeps no process alive by itself; and once the app has gone, stopping a hosted robot settles it
 * at once, since no exit will ever be relayed.
 */
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { parentPortLauncher } from '../../../../src/localroom/robot/launcher'

/** A parent port whose messages the test reads and answers. */
function port() {
  const incoming = new EventEmitter()
  const sent: { type: string; id: string }[] = []
  return {
    sent,
    answer: (data: unknown) => incoming.emit('message', { data }),
    on: (event: 'message', listener: (event: { data: unknown }) => void) => incoming.on(event, listener),
    postMessage: (message: { type: string; id: string }) => sent.push(message),
  }
}

const timers = () => process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length
const request = { file: 'node', args: ['robot.mjs'], cwd: '/data/robot', env: {} }

describe('hosted robots', () => {
  it('keep the room alive while they run, and no longer', async () => {
    const parent = port()
    const launcher = parentPortLauncher(parent)
    const before = timers()
    const robot = launcher.launch(request)
    expect(timers()).toBe(before + 1)
    const id = parent.sent[0]?.id
    parent.answer({ type: 'robot.exit', id, exitCode: 0, signal: null })
    expect(await robot.exited).toEqual({ exitCode: 0, signal: null })
    expect(timers()).toBe(before)
  })

  it('settle at once when stopped after the app has gone, and none starts then', async () => {
    const parent = port()
    const launcher = parentPortLauncher(parent)
    const robot = launcher.launch(request)
    launcher.parentGone()
    robot.kill('SIGTERM')
    expect(await robot.exited).toEqual({ exitCode: null, signal: 'SIGTERM' })
    // Nothing was asked of a parent that is not there.
    expect(parent.sent.map((message) => message.type)).toEqual(['robot.spawn'])
    const late = launcher.launch(request)
    expect((await late.exited).error?.message).toMatch(/has gone/)
  })
})
