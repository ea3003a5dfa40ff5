import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createEventBus } from '../../../../src/main/core/events'
import { type CommandName, commandNames, ipcChannel } from '../../../../src/shared/bridge-names'
import { fakeWebContents, invokeEvent, ipcHandlers } from '../../../support/electron-mock'
import { runSummary } from '../../../support/fixtures'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronMock)

const { wireIpc } = await import('../../../../src/main/desktop/ipc')

const appUrl = 'file:///app/out/renderer/index.html'

function setup() {
  const contents = fakeWebContents(appUrl)
  const window = { webContents: contents }
  const dispatch = vi.fn(async () => ({ ok: true as const, value: { runId: 'r1' } }))
  const events = createEventBus()
  const unwire = wireIpc({
    dispatch,
    events,
    window: () => window as never,
    isAppUrl: (url) => url === appUrl,
  })
  const invoke = (name: CommandName, event: Parameters<typeof invokeEvent>[0], request: unknown) =>
    ipcHandlers.get(ipcChannel(name))?.(invokeEvent(event), request)
  return { contents, dispatch, events, unwire, invoke }
}

beforeEach(() => ipcHandlers.clear())

describe('desktop IPC', () => {
  it('registers one handler per command of the contract', () => {
    const { unwire } = setup()
    expect([...ipcHandlers.keys()].sort()).toEqual(commandNames.map((name) => ipcChannel(name)).sort())
    unwire()
    expect(ipcHandlers.size).toBe(0)
  })

  it('dispatches a command from the app page', async () => {
    const { contents, dispatch, invoke } = setup()
    const request = { connectionId: 'local', processId: 'p' }
    const answer = await invoke(
      'processes.launch',
      { sender: contents, senderFrame: contents.mainFrame },
      request,
    )
    expect(answer).toEqual({ ok: true, value: { runId: 'r1' } })
    expect(dispatch).toHaveBeenCalledWith('processes.launch', request)
  })

  it('refuses other pages, subframes and other windows before validating anything', async () => {
    const { contents, dispatch, invoke } = setup()
    const other = fakeWebContents(appUrl)
    const cases = [
      { sender: contents, senderFrame: { url: appUrl } }, // a subframe, not the main frame
      { sender: other, senderFrame: other.mainFrame }, // another window
      { sender: contents, senderFrame: null }, // a frame that is gone
    ]
    contents.mainFrame.url = appUrl
    for (const event of cases) {
      expect(await invoke('processes.launch', event, {})).toMatchObject({
        ok: false,
        error: { code: 'untrusted_sender' },
      })
    }
    contents.mainFrame.url = 'https://evil.example/'
    expect(
      await invoke('processes.launch', { sender: contents, senderFrame: contents.mainFrame }, {}),
    ).toMatchObject({
      ok: false,
      error: { code: 'untrusted_sender' },
    })
    expect(dispatch).not.toHaveBeenCalled()
  })

  it('forwards contract events to the window', () => {
    const { contents, events } = setup()
    const run = runSummary({ duration: 2 })
    events.emit('run.finished', run)
    expect(contents.send).toHaveBeenCalledWith(ipcChannel('run.finished'), run)
  })
})
