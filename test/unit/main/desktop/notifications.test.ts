/**
 * OS notifications: each is held until it is clicked, closed or fails (Electron keeps main-process
 * notifications only weakly, so an unheld one loses its click handler to the garbage collector),
 * and clicking a run's notification opens that run.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createEventBus } from '../../../../src/main/core/events'
import { FakeNotification } from '../../../support/electron-mock'
import { runSummary } from '../../../support/fixtures'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronModule)

const { keptNotifications, notify, notifyFinishedRuns } = await import(
  '../../../../src/main/desktop/notifications'
)

const connections = { list: () => [{ id: 'local', name: 'Local Control Room' }] }

function setup() {
  const events = createEventBus()
  const openRun = vi.fn()
  // biome-ignore lint/suspicious/noExplicitAny: only list() is used
  notifyFinishedRuns(events, connections as any, openRun)
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
