/**
 * A robodeck:// link that starts the app: on Windows and Linux it is on the first instance's
 * command line, on macOS it comes as `open-url` before the app is ready. Both are followed once the
 * app has started (its window open, IPC wired), in the order they came.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { ipcChannel } from '../../../src/shared/bridge-names'
import { closeDesktopApp, launchDesktopApp } from '../../support/desktop-app'
import { cancellableEvent, FakeBrowserWindow, fakeApp } from '../../support/electron-mock'
import { waitFor } from '../../support/localroom'

vi.mock('electron', async () => (await import('../../support/electron-mock')).electronModule)

const userData = await mkdtemp(join(tmpdir(), 'robodeck-app-start-link-'))
const argvLink = 'robodeck://run/local/from-command-line'
const openUrlLink = 'robodeck://run/local/from-open-url'

afterAll(async () => {
  process.argv.splice(process.argv.indexOf(argvLink), 1)
  await closeDesktopApp(userData)
})

describe('desktop app: started by a link', { timeout: 60_000 }, () => {
  it('follows the command line’s link and an early open-url once it has started', async () => {
    process.argv.push(argvLink)
    let letReady: () => void = () => {}
    fakeApp.ready = new Promise((resolve) => {
      letReady = resolve
    })
    const launched = launchDesktopApp(userData)
    // The composition root listens for open-url from the start, before `ready`.
    await waitFor(() => fakeApp.listenerCount('open-url') > 0)
    fakeApp.emit('open-url', cancellableEvent(), openUrlLink)
    expect(FakeBrowserWindow.created).toEqual([])
    letReady()
    const app = await launched
    const opened = () =>
      app
        .window()
        .webContents.send.mock.calls.filter(([channel]) => channel === ipcChannel('run.open'))
        .map(([, payload]) => payload)
    await waitFor(() => opened().length === 2)
    expect(opened()).toEqual([
      { connectionId: 'local', runId: 'from-command-line' },
      { connectionId: 'local', runId: 'from-open-url' },
    ])
  })
})
