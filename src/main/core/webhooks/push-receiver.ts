/**
 * What the push receiver does with one delivery from the local room: the signature first (against
 * the secret of the webhook registered for this start, in constant time), then the event id against
 * the ids already taken (bounded), then the envelope (§5.3). A delivery that passes names a run; the
 * watcher reads that run and announces it as it would after a poll, through the same exactly-once
 * memory. Bad deliveries are answered (401, 400) and never acted on.
 */
import { z } from 'zod'
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../../platform/webhook-signature'
import { boundedSet } from '../watcher/watch-memory'
import { errorAnswer, type IntakeAnswer, type IntakeRequest } from './webhook-intake'

/** How many event ids are remembered for dedupe: far more than a burst of retries spans. */
export const REMEMBERED_EVENT_IDS = 10_000

/** The envelope's fields the receiver reads; the rest is passed over (receivers must be lenient). */
const Envelope = z.object({
  id: z.string().min(1).max(200),
  event: z.string().max(200),
  payload: z
    .object({
      workspaceId: z.string().max(200).optional(),
      processRunId: z.string().min(1).max(200).optional(),
    })
    .loose(),
})

export interface PushHandlerOptions {
  /** The path the webhook was registered with; other paths are 404. */
  path: string
  /** The secret of the webhook registered now; undefined until the room has answered the registration. */
  secret(): string | undefined
  /** The local room's workspace; events of any other are acknowledged and dropped. */
  workspaceId(): string | undefined
  /** A verified, new event about a run. */
  onRun(runId: string): void
}

/** Builds the handler for the push receiver's intake. */
export function createPushHandler(options: PushHandlerOptions): (request: IntakeRequest) => IntakeAnswer {
  const seen = boundedSet([], REMEMBERED_EVENT_IDS)
  return (request) => {
    if (request.path !== options.path) return errorAnswer(404, 'not_found', 'No receiver at this path.')
    const secret = options.secret()
    // Registered but not yet told the secret: the room retries, and by then it is known.
    if (!secret) return errorAnswer(503, 'not_ready', 'The receiver is not ready yet.')
    const signature = request.headers[SIGNATURE_HEADER]
    if (!verifyWebhookSignature(secret, request.body, typeof signature === 'string' ? signature : undefined))
      return errorAnswer(401, 'bad_signature', `The ${SIGNATURE_HEADER} header does not sign this body.`)
    let envelope: z.infer<typeof Envelope>
    try {
      envelope = Envelope.parse(JSON.parse(request.body.toString('utf8')))
    } catch {
      return errorAnswer(400, 'invalid_request', 'The body is not a Control Room webhook event.')
    }
    // Acknowledged, so the sender stops retrying; acted on once.
    if (seen.has(envelope.id)) return { status: 200, body: { duplicate: true } }
    seen.add(envelope.id)
    const { workspaceId, processRunId } = envelope.payload
    if (processRunId && (workspaceId === undefined || workspaceId === options.workspaceId()))
      options.onRun(processRunId)
    return { status: 200, body: { received: true } }
  }
}
