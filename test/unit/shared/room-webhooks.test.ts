/** The window's webhook events are exactly the room's: a form cannot offer one the room refuses. */
import { describe, expect, it } from 'vitest'
import { WEBHOOK_EVENTS, WORKSPACE_WEBHOOK_EVENTS } from '../../../src/localroom/webhooks/webhook-store'
import {
  PROCESS_WEBHOOK_EVENTS,
  ROOM_WEBHOOK_EVENTS,
  WEBHOOK_EVENT_LABELS,
} from '../../../src/shared/room-webhooks'

describe('room webhook events', () => {
  it('are the room’s, for process and workspace webhooks, each with a label', () => {
    expect([...PROCESS_WEBHOOK_EVENTS]).toEqual([...WEBHOOK_EVENTS])
    expect([...ROOM_WEBHOOK_EVENTS]).toEqual([...WORKSPACE_WEBHOOK_EVENTS])
    expect(Object.keys(WEBHOOK_EVENT_LABELS).sort()).toEqual([...ROOM_WEBHOOK_EVENTS].sort())
  })
})
