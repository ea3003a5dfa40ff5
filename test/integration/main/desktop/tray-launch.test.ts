/**
 * A launch from the tray, with `electron` mocked, through the real core on a real local room: in
 * a workspace marked as production it asks first in a native dialog (naming the process and the
 * workspace, Cancel the default), and Cancel launches nothing while Launch launches once; a second
 * click while the question is open adds nothing; elsewhere it launches without asking.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Core } from '../../../../src/main/core/core'
import { createTrayLauncher } from '../../../../src/main/core/tray-launch'
import { electronMock } from '../../../support/electron-mock'
import { roomFixture } from '../../../support/room-fixture'
import { createTestCore } from '../../../support/test-core'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronModule)

const { confirmLaunch } = await import('../../../../src/main/desktop/deep-links')

let core: Core | undefined
afterEach(async () => {
  vi.clearAllMocks()
  await core?.close()
  core = undefined
})

const room = roomFixture({ mode: 'in-process' })

async function trayOnRoom(production: boolean) {
  core = await createTestCore()
  await core.connectLocalRoom(room.room.bootstrap as NonNullable<typeof room.room.bootstrap>)
  await core.handlers.connections.setProduction({ connectionId: 'local', production })
  const appCore = core
  const told: string[] = []
  const launch = createTrayLauncher({
    connections: appCore.connections,
    dispatch: appCore.dispatch,
    confirm: (question) => confirmLaunch(question),
    tell: (title, body) => told.push(`${title}: ${body}`),
  })
  const { processes } = await appCore.handlers.processes.list({ connectionId: 'local' })
  const process = processes[0]
  if (!process) throw new Error('the room has no process to launch')
  const runCount = async () => (await appCore.handlers.runs.list({ connectionId: 'local' })).runs.length
  const click = () => launch({ connectionId: 'local', processId: process.id, processName: process.name })
  return { click, runCount, told, processName: process.name }
}

describe('a launch from the tray', { timeout: 30_000 }, () => {
  it('asks first in a production workspace: Cancel launches nothing, Launch launches once', async () => {
    const tray = await trayOnRoom(true)
    const before = await tray.runCount()

    await tray.click()
    expect(electronMock.dialog.showMessageBox).toHaveBeenCalledOnce()
    const [options] = electronMock.dialog.showMessageBox.mock.calls[0] ?? []
    expect(options).toMatchObject({
      type: 'warning',
      buttons: ['Launch', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: `Launch “${tray.processName}” in the PRODUCTION workspace “Local Control Room”?`,
    })
    expect(await tray.runCount()).toBe(before)

    electronMock.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false })
    // A second click while the question is open is dropped: one question, one run.
    await Promise.all([tray.click(), tray.click()])
    expect(electronMock.dialog.showMessageBox).toHaveBeenCalledTimes(2)
    expect(await tray.runCount()).toBe(before + 1)
    expect(tray.told).toEqual([])
  })

  it('launches without asking in a workspace not marked as production', async () => {
    const tray = await trayOnRoom(false)
    const before = await tray.runCount()
    await tray.click()
    expect(electronMock.dialog.showMessageBox).not.toHaveBeenCalled()
    expect(await tray.runCount()).toBe(before + 1)
  })
})
