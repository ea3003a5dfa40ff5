/**
 * robodeck:// links and run notifications through the desktop app's real composition root
 * (src/main/index.ts), with only the Electron API mocked, against the real local room and a real
 * robot: a launch link asks first (naming the process and the workspace) and launches only once
 * accepted, the finished run is notified as the rules say, a run link opens the run, and a link
 * that is not one is ignored with a log line that does not repeat it.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { ipcChannel } from '../../../src/shared/bridge-names'
import { closeDesktopApp, launchDesktopApp } from '../../support/desktop-app'
import { cancellableEvent, electronMock, FakeNotification, fakeApp } from '../../support/electron-mock'
import { waitFor } from '../../support/localroom'

vi.mock('electron', async () => (await import('../../support/electron-mock')).electronModule)

const userData = await mkdtemp(join(tmpdir(), 'robodeck-app-links-'))
const app = await launchDesktopApp(userData)

afterAll(async () => {
  await closeDesktopApp(userData)
})

/** What a second start of the app with a link on its command line does (Windows, Linux). */
const secondInstance = (link: string) =>
  fakeApp.emit('second-instance', cancellableEvent(), ['/opt/Robodeck/robodeck', link], '/home/someone')
const runOpened = () =>
  app
    .window()
    .webContents.send.mock.calls.filter(([channel]) => channel === ipcChannel('run.open'))
    .map(([, payload]) => payload)
const echoPayloadId = async () =>
  (await app.invoke('processes.list', { connectionId: 'local' })).value.processes.find(
    (process: { name: string }) => process.name === 'Echo payload',
  ).id as string

describe('desktop app: robodeck:// links and notifications', { timeout: 90_000 }, () => {
  it('registers itself as the robodeck:// handler', () => {
    expect(fakeApp.setAsDefaultProtocolClient).toHaveBeenCalledWith('robodeck')
  })

  it('asks before a linked launch, and launches nothing when the person cancels', async () => {
    const processId = await echoPayloadId()
    const before = (await app.invoke('runs.list', { connectionId: 'local' })).value.runs.length
    secondInstance(`robodeck://launch/local/${processId}`)
    await waitFor(() => electronMock.dialog.showMessageBox.mock.calls.length === 1)
    const options = electronMock.dialog.showMessageBox.mock.calls[0]?.at(-1) as Electron.MessageBoxOptions
    expect(options.message).toBe('Launch “Echo payload” in “Local Control Room”?')
    expect(options.buttons).toEqual(['Launch', 'Cancel'])
    await new Promise((done) => setTimeout(done, 300))
    expect((await app.invoke('runs.list', { connectionId: 'local' })).value.runs).toHaveLength(before)
  })

  it('launches once accepted, opens the new run, and notifies its end; the notification opens it', async () => {
    const processId = await echoPayloadId()
    electronMock.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false })
    secondInstance(`robodeck://launch/local/${processId}`)
    const opened = await waitFor(() => runOpened()[0] as { connectionId: string; runId: string } | undefined)
    expect(opened.connectionId).toBe('local')
    const notification = await waitFor(
      () => FakeNotification.created.find((shown) => shown.title === 'Echo payload completed'),
      { timeoutMs: 60_000 },
    )
    notification.emit('click')
    expect(runOpened()).toEqual([opened, opened])
  })

  it('follows the notification rules set through the bridge: off means no notification', async () => {
    const set = await app.invoke('settings.setNotificationRules', {
      rules: [{ scope: { connectionId: 'local' }, when: 'off' }],
    })
    expect(set.ok).toBe(true)
    const shown = FakeNotification.created.length
    const launched = await app.invoke('processes.launch', {
      connectionId: 'local',
      processId: await echoPayloadId(),
    })
    await waitFor(async () => {
      const runs = (await app.invoke('runs.list', { connectionId: 'local' })).value.runs
      return runs.find((run: { id: string }) => run.id === launched.value.runId)?.state === 'completed'
    })
    await new Promise((done) => setTimeout(done, 500))
    expect(FakeNotification.created).toHaveLength(shown)
  })

  it('opens the run a run link names, and ignores a link that is not one without logging it', async () => {
    const before = runOpened().length
    secondInstance('robodeck://run/local/some-run')
    await waitFor(() => runOpened().length === before + 1)
    expect(runOpened().at(-1)).toEqual({ connectionId: 'local', runId: 'some-run' })

    const hostile = 'robodeck://launch/local/p1?apiKey=planted-secret-9f8e7d'
    secondInstance(hostile)
    fakeApp.emit('open-url', cancellableEvent(), 'robodeck://delete/everything-planted-secret-9f8e7d')
    const log = join(userData, 'logs', 'main.log')
    await waitFor(async () => (await readFile(log, 'utf8')).split('ignored a robodeck:// link').length === 3)
    expect(await readFile(log, 'utf8')).not.toContain('planted-secret')
    expect(runOpened()).toHaveLength(before + 1)
    expect(electronMock.dialog.showMessageBox).toHaveBeenCalledTimes(2)
  })
})
