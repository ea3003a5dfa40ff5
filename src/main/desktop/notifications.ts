/**
 * OS notifications: runs that started or finished, as the core's notification rules decide
 * (core/notification-rules: when, on start, quiet hours), and what the user must know while the
 * window is away. Electron holds a main-process Notification only weakly: once garbage-collected,
 * clicking it (say, later from the Notification or Action Center) does nothing. So each is kept
 * here until it is clicked, closed or fails.
 */
import { Notification, type NotificationConstructorOptions } from 'electron'
import type { RunToOpen } from '../../shared/bridge'
import type { ConnectionSummary } from '../../shared/domain'
import type { EventBus } from '../core/events'
import type { NotificationAction, Notifier } from '../core/notification-rules'

/**
 * How many notifications are kept at most. 'close' is not emitted on every platform for every way a
 * notification goes away, so the oldest are let go past this.
 */
const MAX_KEPT = 100
const kept = new Set<Notification>()

/** How many notifications are held now (for tests and diagnostics). */
export const keptNotifications = (): number => kept.size

/**
 * Shows a notification and keeps it until it is clicked, closed or fails; onClick runs on a click,
 * onAction with the index of a button (macOS and Windows show them).
 */
function show(
  options: NotificationConstructorOptions,
  onClick?: () => void,
  onAction?: (index: number) => void,
): void {
  if (!Notification.isSupported()) return
  const notification = new Notification(options)
  const release = () => kept.delete(notification)
  notification.on('click', () => {
    release()
    onClick?.()
  })
  notification.on('action', (details) => {
    release()
    onAction?.(details.actionIndex)
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

const ACTION_LABELS: Record<Exclude<NotificationAction, 'open'>, string> = {
  console: 'Console',
  outputs: 'Outputs',
}

/**
 * Shows the notifications the rules ask for, on `run.started` and `run.finished`. Clicking one opens
 * its run; a failure's buttons open its console or its outputs.
 */
export function notifyRuns(
  events: EventBus,
  connections: { list(): Pick<ConnectionSummary, 'id' | 'name'>[] },
  notifier: Notifier,
  openRun: (run: RunToOpen) => void,
): () => void {
  return events.subscribe((event) => {
    if (event.name !== 'run.started' && event.name !== 'run.finished') return
    const run = event.payload
    const name = connections.list().find((connection) => connection.id === run.connectionId)?.name
    const decided = notifier.decide(event.name === 'run.started' ? 'started' : 'finished', run, name)
    if (!decided) return
    const target = { connectionId: decided.connectionId, runId: decided.runId }
    const views = decided.actions.filter((action) => action !== 'open')
    show(
      {
        title: decided.title,
        body: decided.body,
        silent: false,
        ...(views.length > 0
          ? { actions: views.map((view) => ({ type: 'button' as const, text: ACTION_LABELS[view] })) }
          : {}),
      },
      () => openRun(target),
      (index) => {
        const view = views[index]
        openRun(view ? { ...target, view } : target)
      },
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
