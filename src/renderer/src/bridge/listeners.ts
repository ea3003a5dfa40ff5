/** A per-event listener registry, so a transport opens one channel however many hooks listen. */
import type { EventName, EventPayload } from '../../../shared/bridge'

type AnyListener = (payload: never) => void

export interface ListenerRegistry {
  add<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
  readonly size: number
}

/** `onCountChange` lets the transport open its channel on the first listener and close it after the last. */
export function createListenerRegistry(onCountChange: (count: number) => void = () => {}): ListenerRegistry {
  const byEvent = new Map<EventName, Set<AnyListener>>()
  let size = 0
  return {
    add(event, listener) {
      const set = byEvent.get(event) ?? new Set()
      byEvent.set(event, set)
      // Wrapped so the same function subscribed twice gets two independent subscriptions.
      const entry: AnyListener = (payload) => listener(payload)
      set.add(entry)
      size++
      onCountChange(size)
      let removed = false
      return () => {
        if (removed) return
        removed = true
        set.delete(entry)
        size--
        onCountChange(size)
      }
    },
    emit(event, payload) {
      for (const listener of [...(byEvent.get(event) ?? [])]) {
        // One broken listener must not starve the others or kill the stream.
        try {
          ;(listener as (payload: EventPayload<typeof event>) => void)(payload)
        } catch (error) {
          console.error(`Robodeck: a ${event} listener threw`, error)
        }
      }
    },
    get size() {
      return size
    },
  }
}
