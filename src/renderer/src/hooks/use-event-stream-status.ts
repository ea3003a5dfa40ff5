import { useSyncExternalStore } from 'react'
import { type EventStreamStatus, useBridge } from '../bridge'

/** Whether live updates are flowing; drives the "Reconnecting…" indicator. */
export function useEventStreamStatus(): EventStreamStatus {
  const { status } = useBridge()
  return useSyncExternalStore(status.subscribe, status.get)
}
