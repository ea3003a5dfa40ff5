/**
 * OS notifications: raised as the core's rules say (when, on start, quiet hours), each held until it
 * is clicked, closed or fails (Electron keeps main-process notifications only weakly, so an unheld
 * one loses its click handler to the garbage collector); clicking a run's notification opens that
 * run, and a failure's buttons open its console or outputs.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createEventBus } from '../../../../src/main/core/events'
import { createNotifier } from '../../../../src/main/core/notification-rules'
import type { NotificationRule } from '../../../../src/main/core/settings/settings-schema'
import { FakeNotification } from '../../../support/electron-mock'
import { runSummary } from '../../../support/fixtures'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronModule)

const { keptNotifications, notify, notifyRuns } = await import('../../../../src/main/desktop/notifications')

const connections = { list: () => [{ id: 'local', name: 'Local Control Room' }] }

function setup(rules: NotificationRule[] = [], now = () => new Date(2026, 0, 1, 12, 0)) {
  const events = createEventBus()
  const openRun = vi.fn()
  notifyRuns(
    events,
    connections,
    createNotifier(() => rules, now),
    openRun,
  )
  return { events, openRun }
}

beforeEach(() => {
  // Let go of what earlier tests left held.
  for (const notification of FakeNotification.created.splice(0)) notification.emit('close')
})

describe('notifications', () => {
  it('holds each notification until it is clicked, and the click opens its run', () => {
    const { events, openRun } = setup()
    const before = keptNotifications()
    events.emit('run.finished', runSummary({ connectionId: 'local', id: 'run-9', duration: 3 }))
    const [shown] = FakeNotification.created
    expect(shown?.options).toEqual({
      title: 'Echo payload completed',
      body: 'Run finished in 3.0 s (Local Control Room).',
      silent: false,
    })
    expect(shown?.show).toHaveBeenCalled()
    expect(keptNotifications()).toBe(before + 1)
    shown?.emit('click')
    expect(openRun).toHaveBeenCalledExactlyOnceWith({ connectionId: 'local', runId: 'run-9' })
    expect(keptNotifications()).toBe(before)
  })

  it('lets go of a notification that is closed or fails, and shows none for other events', () => {
    const { events, openRun } = setup()
    const before = keptNotifications()
    events.emit('run.updated', runSummary({ id: 'a', state: 'in_progress' }))
    events.emit('run.open', { connectionId: 'local', runId: 'a' })
    expect(FakeNotification.created).toHaveLength(0)
    events.emit('run.finished', runSummary({ id: 'b', duration: 1 }))
    events.emit('run.finished', runSummary({ id: 'c', duration: 1 }))
    expect(keptNotifications()).toBe(before + 2)
    FakeNotification.created[0]?.emit('close')
    FakeNotification.created[1]?.emit('failed', {}, 'no notification service')
    expect(keptNotifications()).toBe(before)
    expect(openRun).not.toHaveBeenCalled()
  })

  it('follows the rules: failures only, on start, and nothing in quiet hours', () => {
    const failuresOnly = setup([{ scope: { connectionId: 'local' }, when: 'failures', onStart: true }])
    failuresOnly.events.emit('run.started', runSummary({ id: 's', state: 'in_progress' }))
    failuresOnly.events.emit('run.finished', runSummary({ id: 'ok', duration: 1 }))
    failuresOnly.events.emit('run.finished', runSummary({ id: 'bad', state: 'unresolved', duration: 1 }))
    expect(FakeNotification.created.map((n) => n.title)).toEqual([
      'Echo payload started',
      'Echo payload ended unresolved',
    ])

    FakeNotification.created.splice(0)
    const quiet = setup(
      [
        {
          scope: { connectionId: 'local' },
          when: 'all',
          onStart: false,
          quietHours: { from: '22:00', to: '07:00' },
        },
      ],
      () => new Date(2026, 0, 1, 23, 30),
    )
    quiet.events.emit('run.finished', runSummary({ id: 'night', state: 'unresolved', duration: 1 }))
    expect(FakeNotification.created).toHaveLength(0)
  })

  it("offers a failure's console and outputs as buttons, each opening that view of the run", () => {
    const { events, openRun } = setup()
    events.emit('run.finished', runSummary({ id: 'ok', duration: 1 }))
    events.emit('run.finished', runSummary({ id: 'bad', state: 'unresolved', duration: 1 }))
    const [completed, failed] = FakeNotification.created
    expect(completed?.options.actions).toBeUndefined()
    expect(failed?.options.actions).toEqual([
      { type: 'button', text: 'Console' },
      { type: 'button', text: 'Outputs' },
    ])
    failed?.emit('action', { actionIndex: 1, selectionIndex: -1 }, 1, -1)
    expect(openRun).toHaveBeenCalledExactlyOnceWith({ connectionId: 'local', runId: 'bad', view: 'outputs' })
  })

  it('holds a bounded number: the oldest are let go first', () => {
    const before = keptNotifications()
    for (let i = 0; i < 150; i++) notify('Title', `body ${i}`)
    expect(keptNotifications()).toBe(100)
    expect(before).toBeLessThanOrEqual(100)
  })

  it('shows nothing where the OS has no notifications', () => {
    FakeNotification.isSupported.mockReturnValueOnce(false)
    notify('Title', 'body')
    expect(FakeNotification.created).toHaveLength(0)
  })
})
