/**
 * Reads the room's management answers about webhooks: a success in the expected shape, or the
 * room's `{error:{code,message}}` told as a CoreError a person can act on. The room's messages name
 * fields, ids and addresses, never a secret, so they are passed on in its words.
 */
import type { z } from 'zod'
import { apiError } from './controlroom-http'
import { CoreError } from './errors'
import { parseManagementAnswer } from './room-management'
import type { RoomAnswer } from './room-request'

/** What the call was about: a webhook, or one of its deliveries (redeliver). */
export type RoomWebhookSubject = 'webhook' | 'delivery'

/** The room's `Invalid request body field "endpoint": why` (http/validation.ts, webhook-shapes.ts). */
const FIELD_MESSAGE = /^Invalid request body field "([^".]*)[^"]*": (.*)$/s
const FIELD_NAMES: Record<string, string> = { endpoint: 'URL', enabled_events: 'Events', process: 'Process' }
const MISSING: Record<RoomWebhookSubject, string> = {
  webhook: 'The local Control Room has no such webhook any more; reload the list.',
  delivery: 'The local Control Room has no such delivery any more (its log keeps 14 days); reload the log.',
}

/** The body when the room answered 200 in the schema's shape; otherwise a readable CoreError. */
export function parseWebhookAnswer<T>(
  schema: z.ZodType<T>,
  answer: RoomAnswer,
  subject: RoomWebhookSubject,
): T {
  return parseManagementAnswer(schema, answer, (refused, message) => webhookError(refused, message, subject))
}

function webhookError({ status, json }: RoomAnswer, message: string, subject: RoomWebhookSubject): CoreError {
  if (status === 400) {
    const field = FIELD_MESSAGE.exec(message)
    const said = field ? `${FIELD_NAMES[field[1] ?? ''] ?? field[1]}: ${field[2]}` : message
    return new CoreError(
      'invalid_webhook',
      `The local Control Room refused the webhook: ${said.replace(/\.$/, '') || `HTTP ${status}`}.`,
      status,
    )
  }
  if (status === 404) return new CoreError('not_found', MISSING[subject], status)
  return apiError(status, json)
}
