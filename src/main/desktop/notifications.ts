/** OS notifications when a run finishes; what they say is decided in core/notification-rules. */
import { Notification } from 'electron'
import type { Connections } from '../core/connections'
import type { EventBus } from '../core/events'
import { runFinishedNotification } from '../core/notification-rules'

/** Shows a notification for every `run.finished`; clicking it brings the window forward. */
export function notifyFinishedRuns(
  events: EventBus,
  connections: Connections,
  showWindow: () => void,
): () => void {
  return events.subscribe((event) => {
    if (event.name !== 'run.finished' || !Notification.isSupported()) return
    const name = connections.list().find((connection) => connection.id === event.payload.connectionId)?.name
    const content = runFinishedNotification(event.payload, name)
    if (!content) return
    const notification = new Notification({ title: content.title, body: content.body, silent: false })
    notification.on('click', showWindow)
    notification.show()
  })
}

/** Tells the user something they asked for from outside the window (the tray) did not work. */
export function notifyError(title: string, body: string): void {
  if (Notification.isSupported()) new Notification({ title, body }).show()
}
