import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createEventBus } from '../../../../src/main/core/events'
import { buildTrayModel } from '../../../../src/main/core/tray-model'
import { electronMock, FakeNotification } from '../../../support/electron-mock'
import { runSummary } from '../../../support/fixtures'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronMock)

const { createSafeStorageCipher } = await import('../../../../src/main/desktop/safe-storage-cipher')
const { trayMenuTemplate } = await import('../../../../src/main/desktop/tray')
const { startLocalRoomProcess } = await import('../../../../src/main/desktop/local-room-process')
const { notifyFinishedRuns } = await import('../../../../src/main/desktop/notifications')

beforeEach(() => vi.clearAllMocks())

describe('safeStorage cipher', () => {
  it('encrypts through the async API and passes key rotation on', async () => {
    const cipher = createSafeStorageCipher()
    const encrypted = await cipher.encrypt('secret')
    expect(electronMock.safeStorage.encryptStringAsync).toHaveBeenCalledWith('secret')
    electronMock.safeStorage.decryptStringAsync.mockResolvedValueOnce({
      result: 'secret',
      shouldReEncrypt: true,
    })
    expect(await cipher.decrypt(encrypted)).toEqual({ plain: 'secret', reEncrypt: true })
  })

  it.runIf(process.platform === 'linux')(
    'counts Linux basic_text as not secure, a secret service as secure',
    async () => {
      const cipher = createSafeStorageCipher()
      expect(await cipher.backend()).toBe('gnome_libsecret')
      expect(await cipher.isSecure()).toBe(true)
      electronMock.safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text')
      expect(await cipher.backend()).toBe('basic_text')
      expect(await cipher.isSecure()).toBe(false)
      electronMock.safeStorage.getSelectedStorageBackend.mockReturnValue('gnome_libsecret')
    },
  )

  it('refuses to encrypt when the OS offers no encryption', async () => {
    electronMock.safeStorage.isAsyncEncryptionAvailable.mockResolvedValueOnce(false)
    await expect(createSafeStorageCipher().encrypt('x')).rejects.toThrow(/no encryption/)
  })
})

describe('tray menu', () => {
  it('turns the model into menu items whose clicks launch and open', () => {
    const actions = { launch: vi.fn(), openWindow: vi.fn(), openRun: vi.fn(), quit: vi.fn() }
    const model = buildTrayModel(
      [{ connectionId: 'local', id: 'p1', name: 'Echo payload', createdAt: '' }],
      [],
    )
    const template = trayMenuTemplate(model, actions)
    const launch = template.find((item) => item.label === 'Echo payload')
    launch?.click?.({} as never, undefined, {} as never)
    expect(actions.launch).toHaveBeenCalledWith('local', 'p1')
    template.find((item) => item.label === 'Quit Robodeck')?.click?.({} as never, undefined, {} as never)
    expect(actions.quit).toHaveBeenCalled()
    expect(template.find((item) => item.label === 'Launch')?.enabled).toBe(false)
  })
})

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

describe('notifications', () => {
  it('shows one notification per finished run', () => {
    const before = FakeNotification.created.length
    const events = createEventBus()
    const connections = { list: () => [{ id: 'local', name: 'Local Control Room' }] }
    notifyFinishedRuns(events, connections as never, vi.fn())
    const run = runSummary({ duration: 3 })
    events.emit('run.updated', run)
    events.emit('run.finished', run)
    expect(FakeNotification.created.slice(before).map((notification) => notification.options)).toEqual([
      { title: 'Echo payload completed', body: 'Run finished in 3.0 s (Local Control Room).', silent: false },
    ])
  })
})
