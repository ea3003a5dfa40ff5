/**
 * Whether events are flowing. Over IPC they always are; over HTTP the event stream can drop, and
 * events sent while it was down are lost, so data hooks reload whenever it comes back `live`.
 */

export type EventStreamStatus = 'connecting' | 'live' | 'reconnecting' | 'unauthorized'

export interface StatusStore {
  get(): EventStreamStatus
  /** Called on every change; returns the unsubscribe function (useSyncExternalStore-compatible). */
  subscribe(listener: (status: EventStreamStatus) => void): () => void
}

export interface WritableStatusStore extends StatusStore {
  set(status: EventStreamStatus): void
}

export function createStatusStore(initial: EventStreamStatus): WritableStatusStore {
  let current = initial
  const listeners = new Set<(status: EventStreamStatus) => void>()
  return {
    get: () => current,
    set(status) {
      if (status === current) return
      current = status
      for (const listener of [...listeners]) listener(status)
    },
    subscribe(listener) {
      const entry = (status: EventStreamStatus) => listener(status)
      listeners.add(entry)
      return () => listeners.delete(entry)
    },
  }
}
