/**
 * OS notifications: when a run finishes (what they say is decided in core/notification-rules), and
 * what the user must know while the window is away. Electron holds a main-process
 * Notification only weakly: once garbage-collected, clicking it (say, later from the Notification or
 * Action Center) does nothing. So each is kept here until it is clicked, closed or fails.
 */
import { Notification, type NotificationConstructorOptions } from 'electron'
import type { RunToOpen } from '../../shared/bridge'
import type { Connections } from '../core/connections'
import type { EventBus } from '../core/events'
import { runFinishedNotification } from '../core/notification-rules'

/**
 * How many notifications are kept at most. 'close' is not emitted on every platform for every way a
 * notification goes away, so the oldest are let go past this.
 */
const MAX_KEPT = 100
const kept = new Set<Notification>()

/** How many notifications are held now (for tests and diagnostics). */
export const keptNotifications = (): number => kept.size

/** Shows a notification and keeps it until it is clicked, closed or fails; onClick runs on a click. */
function show(options: NotificationConstructorOptions, onClick?: () => void): void {
  if (!Notification.isSupported()) return
  const notification = new Notification(options)
  const release = () => kept.delete(notification)
  notification.on('click', () => {
    release()
    onClick?.()
  })
  notification.on('close', release)
  notification.on('failed', release)
  kept.add(notification)
  for (const oldest of kept) {
    if (kept.size <= MAX_KEPT) break
    kept.delete(oldest)
  }
  notification.show()
}

/** Shows a notification for every `run.finished`; clicking it opens that run in the window. */
export function notifyFinishedRuns(
  events: EventBus,
  connections: Connections,
  openRun: (run: RunToOpen) => void,
): () => void {
  return events.subscribe((event) => {
    if (event.name !== 'run.finished') return
    const run = event.payload
    const name = connections.list().find((connection) => connection.id === run.connectionId)?.name
    const content = runFinishedNotification(run, name)
    if (!content) return
    show({ title: content.title, body: content.body, silent: false }, () =>
      openRun({ connectionId: run.connectionId, runId: run.id }),
    )
  })
}

/**
 * Tells the user something from outside the window: that an action from the tray failed, that the
 * local room stopped, that the app keeps running in the tray. onClick runs when it is clicked.
 */
export function notify(title: string, body: string, onClick?: () => void): void {
  show({ title, body }, onClick)
}
