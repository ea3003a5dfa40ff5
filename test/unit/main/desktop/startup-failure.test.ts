/** What the startup dialog says: the cause, and what the user can do about it. */
import { describe, expect, it, vi } from 'vitest'
import { CoreError } from '../../../../src/main/core/errors'
import { electronMock } from '../../../support/electron-mock'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronModule)

const { describeStartupFailure, showStartupFailure } = await import(
  '../../../../src/main/desktop/startup-failure'
)
const { RoomStartError } = await import('../../../../src/main/desktop/local-room-process')

const context = {
  logFile: '/home/u/.config/Robodeck/logs/main.log',
  roomDataDir: '/home/u/.config/Robodeck/localroom',
}

describe('startup failure', () => {
  it('for a room that could not start: its folder, the disk, and the log', () => {
    const { cause, advice } = describeStartupFailure(
      new RoomStartError('The local Control Room did not start: disk full (exit code 2).'),
      context,
    )
    expect(cause).toBe('The local Control Room did not start: disk full (exit code 2).')
    expect(advice).toContain(context.roomDataDir)
    expect(advice).toContain('free space')
    expect(advice).toContain(context.logFile)
  })

  it('for another room holding the folder: its own message (which says to stop it) and the log', () => {
    const error = new CoreError(
      'local_room_in_use',
      'Another local Control Room (pid 7) ... Stop it, then start Robodeck again.',
    )
    expect(describeStartupFailure(error, context)).toEqual({
      cause: error.message,
      advice: `More: the details are in ${context.logFile}.`,
    })
  })

  it('for anything else: start again, and where the details are', () => {
    showStartupFailure(new Error('something broke'), context)
    expect(electronMock.dialog.showErrorBox).toHaveBeenCalledWith(
      'Robodeck could not start',
      `something broke\n\nStart Robodeck again. If it fails again, the details are in ${context.logFile}.`,
    )
  })
})
