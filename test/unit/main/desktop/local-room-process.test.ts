/**
 * The local room as a utility process: forked with its arguments, its bootstrap line read, asked to
 * shut down (and killed only when it does not), and a room that fails to start explained.
 */
import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { electronMock } from '../../../support/electron-mock'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronMock)

const { startLocalRoomProcess } = await import('../../../../src/main/desktop/local-room-process')

beforeEach(() => vi.clearAllMocks())

function fakeChild() {
  const child = Object.assign(new EventEmitter(), {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    kill: vi.fn(() => true),
    postMessage: vi.fn(),
  })
  electronMock.utilityProcess.fork.mockReturnValue(child)
  return child
}

describe('local room process', () => {
  it('forks the built room with a random port and reads its bootstrap line', async () => {
    const child = fakeChild()
    const started = startLocalRoomProcess({
      mainDir: '/app/out/main',
      dataDir: '/data/localroom',
      robotsDir: '/app/resources/robots',
    })
    child.stdout.write(
      '{"url":"http://127.0.0.1:5000/api/v1","workspace_id":"w","api_key":"k"}\nlater output\n',
    )
    const room = await started
    expect(room).toMatchObject({
      kind: 'started',
      bootstrap: { url: 'http://127.0.0.1:5000/api/v1', workspace_id: 'w', api_key: 'k' },
    })
    expect(electronMock.utilityProcess.fork).toHaveBeenCalledWith(
      '/app/out/main/localroom.js',
      [
        '--port',
        '0',
        '--data',
        '/data/localroom',
        '--robots',
        '/app/resources/robots',
        '--print-bootstrap',
        '--exit-with-parent',
      ],
      expect.objectContaining({ stdio: 'pipe' }),
    )
    // Stopping asks first, and kills only a room that does not end in time.
    const stopped = room.stop({ timeoutMs: 50 })
    expect(child.postMessage).toHaveBeenCalledWith({ type: 'room.shutdown' })
    expect(child.kill).not.toHaveBeenCalled()
    setTimeout(() => child.emit('exit', 0), 100)
    await stopped
    expect(child.kill).toHaveBeenCalled()
  })

  it('kills the process and explains when the bootstrap line is wrong', async () => {
    const child = fakeChild()
    const started = startLocalRoomProcess({
      mainDir: '/app/out/main',
      dataDir: '/data',
      robotsDir: '/robots',
    })
    child.stdout.write('{"url":"nope"}\n')
    await expect(started).rejects.toThrow(/did not start: .*url.*workspace_id.*api_key/)
    expect(child.kill).toHaveBeenCalled()
  })

  it('explains a room that exits before printing anything', async () => {
    const child = fakeChild()
    const started = startLocalRoomProcess({
      mainDir: '/app/out/main',
      dataDir: '/data',
      robotsDir: '/robots',
    })
    child.stdout.end()
    child.emit('exit', 2)
    await expect(started).rejects.toThrow(/ended before it printed a line/)
  })
})
