/**
 * Stands in for a Control Room sending a webhook: builds an event in the §5.3 envelope and signs it
 * as the notes define (`x-rc-signature` = lowercase hex HMAC-SHA256 of the raw body), with
 * node:crypto directly rather than the project's helper, so the receiver is checked against the
 * definition and not against itself.
 */
import { createHmac, randomUUID } from 'node:crypto'
import { request } from 'undici'

export interface RunEventFields {
  workspaceId: string
  processId?: string
  processRunId: string
  event?: 'process_run.started' | 'process_run.completed' | 'process_run.unresolved'
  id?: string
}

/** A run event's body, as the room's sender writes it. */
export function runEventBody(fields: RunEventFields): string {
  const event = fields.event ?? 'process_run.completed'
  return JSON.stringify({
    id: fields.id ?? randomUUID(),
    webhookEventTimestamp: new Date().toISOString(),
    event,
    action: event.split('.')[1]?.toUpperCase(),
    payload: {
      workspaceId: fields.workspaceId,
      processId: fields.processId ?? 'p',
      processRunId: fields.processRunId,
      state: event === 'process_run.started' ? 'in_progress' : event.split('.')[1],
      duration: 1,
      result: event === 'process_run.unresolved' ? 'error' : 'success',
    },
  })
}

/** The signature of a body, by the definition. */
export const hmacHex = (secret: string, body: string | Buffer) =>
  createHmac('sha256', secret).update(body).digest('hex')

/**
 * POSTs `body` to `url`, signed with `secret` (or with the given `signature` header value, or none
 * when it is null); answers the status and the parsed body.
 */
export async function sendDelivery(
  url: string,
  body: string,
  sign: { secret: string } | { signature: string | null },
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const signature = 'secret' in sign ? hmacHex(sign.secret, body) : sign.signature
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extraHeaders }
  if (signature !== null) headers['x-rc-signature'] = signature
  const response = await request(url, { method: 'POST', headers, body })
  const text = await response.body.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // Left as text.
  }
  return { status: response.statusCode, body: parsed }
}
