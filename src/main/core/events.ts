/**
 * The core's event bus: typed by the bridge contract, and every payload checked against the
 * contract's schema on the way out, so an adapter never forwards something the renderer can't parse.
 */
import { type EventName, type EventPayload, events } from '../../shared/bridge'

export type AnyEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName]
export type EventListener = (event: AnyEvent) => void
/** The events about a run's progress (the others ask the window to do something). */
export type RunEvent = Extract<AnyEvent, { name: 'run.started' | 'run.updated' | 'run.finished' }>

export const isRunEvent = (event: AnyEvent): event is RunEvent =>
  event.name === 'run.started' || event.name === 'run.updated' || event.name === 'run.finished'

export interface EventBus {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void
  /** Receives every event; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void
}

/** Creates an event bus; a throwing listener is reported and does not stop the others. */
export function createEventBus(onListenerError: (error: unknown) => void = () => {}): EventBus {
  const listeners = new Set<EventListener>()
  return {
    emit(name, payload) {
      const checked = events[name].parse(payload) as EventPayload<typeof name>
      for (const listener of [...listeners]) {
        try {
          listener({ name, payload: checked } as AnyEvent)
        } catch (error) {
          onListenerError(error)
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
