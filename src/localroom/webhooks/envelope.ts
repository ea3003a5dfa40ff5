/**
 * The body of every webhook delivery: Control Room's common envelope (controlroom-api.md §5.3),
 * `{id, webhookEventTimestamp, event, action, payload}`. Its signature is src/platform/webhook-signature.ts.
 */
import { randomUUID } from 'node:crypto'

/** The events a process-scoped webhook (API v1) may subscribe to: the spec's ProcessWebhookEnabledEvents. */
export const PROCESS_RUN_EVENTS = [
  'process_run.started',
  'process_run.completed',
  'process_run.unresolved',
] as const
/** The legacy events Control Room's web UI offers workspace webhooks besides those. */
export const LEGACY_EVENTS = ['process_run', 'robot_run_event'] as const
export type EventName = (typeof PROCESS_RUN_EVENTS)[number] | (typeof LEGACY_EVENTS)[number]

/** What every delivery's JSON body holds. */
export interface Envelope {
  /** Unique per event; the same on every attempt and redelivery (receivers dedupe on it). */
  id: string
  webhookEventTimestamp: string
  event: string
  /** START or END (TEST for a test event). */
  action: string
  payload: Record<string, unknown>
}

/** A new event's envelope, stamped now. */
export function buildEnvelope(event: string, action: string, payload: Record<string, unknown>): Envelope {
  return { id: randomUUID(), webhookEventTimestamp: new Date().toISOString(), event, action, payload }
}

/**
 * The test event: fixed content, in which only `id`, `webhookEventTimestamp` and
 * `payload.workspaceId` vary, as Control Room documents its test events.
 */
export function testEnvelope(workspaceId: string): Envelope {
  return buildEnvelope('test', 'TEST', {
    workspaceId,
    processId: TEST_ID,
    processRunId: TEST_ID,
    robotRunId: TEST_ID,
    state: 'COMPL',
    duration: 1,
    result: 'success',
  })
}

/** The placeholder ids of the test event (no run has them). */
export const TEST_ID = '00000000-0000-4000-8000-000000000000'
