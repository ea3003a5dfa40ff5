/** Validates event payloads against the contract before any hook sees them. */
import { type EventName, type EventPayload, events } from '../../../shared/bridge'

export { isEventName } from '../../../shared/bridge-names'

/** The validated payload, or undefined (with a console warning) when it does not match the schema. */
export function parseEventPayload<E extends EventName>(
  event: E,
  payload: unknown,
): EventPayload<E> | undefined {
  const parsed = events[event].safeParse(payload)
  if (parsed.success) return parsed.data as EventPayload<E>
  console.warn(`Robodeck: ignored an invalid ${event} event`, parsed.error.issues)
  return undefined
}
