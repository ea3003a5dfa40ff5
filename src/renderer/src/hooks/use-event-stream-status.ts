import { useSyncExternalStore } from 'react'
import { type EventStreamStatus, eventStreamStatus } from '../bridge'

/** Whether live updates are flowing; drives the "Reconnecting…" indicator. */
export const useEventStreamStatus = (): EventStreamStatus =>
  useSyncExternalStore(eventStreamStatus.subscribe, eventStreamStatus.get)
