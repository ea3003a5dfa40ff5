/**
 * The bridge contract's webhook inbox (issue 12; src/main/core/webhook-inbox): deliveries any Control
 * Room sends to the inbox's receiver on 127.0.0.1 (through a tunnel the user runs), listed with
 * headers and body, their signature checked against a secret the user enters (kept in the vault:
 * the renderer only learns whether one is set), and replayed to a local URL.
 */
import { z } from 'zod'
import { emptyRequest, id } from './bridge-fields'

/** A delivery's signature against the inbox secret: no secret set is `unchecked`. */
export const InboxSignature = z.enum(['valid', 'invalid', 'missing', 'unchecked'])
export type InboxSignature = z.infer<typeof InboxSignature>

export const InboxDeliverySummary = z.object({
  id: z.string(),
  receivedAt: z.string(),
  method: z.string(),
  /** The request target as sent (path and query). */
  path: z.string(),
  /** Bytes of body and headers. */
  size: z.number().int(),
  signature: InboxSignature,
  /** The envelope's `event` and `id`, when the body is one. */
  event: z.string().nullable(),
  eventId: z.string().nullable(),
})
export type InboxDeliverySummary = z.infer<typeof InboxDeliverySummary>

export const InboxDelivery = InboxDeliverySummary.extend({
  /** Name/value pairs in the order and case they arrived. */
  headers: z.array(z.tuple([z.string(), z.string()])),
  /** The body as UTF-8 text (bytes that are not UTF-8 show as U+FFFD; replay sends the original bytes). */
  body: z.string(),
})
export type InboxDelivery = z.infer<typeof InboxDelivery>

export const InboxStatus = z.object({
  /** The user turned the receiver on. */
  enabled: z.boolean(),
  /** The port asked for; 0: any free one. */
  port: z.number().int(),
  /** Where it listens now, e.g. http://127.0.0.1:8977/; null while off or when it could not start. */
  address: z.string().nullable(),
  /** Why it is not listening though enabled (e.g. the port is taken). */
  error: z.string().nullable(),
  secretSet: z.boolean(),
  count: z.number().int(),
  bytes: z.number().int(),
  maxCount: z.number().int(),
  maxBytes: z.number().int(),
  maxDeliveryBytes: z.number().int(),
})
export type InboxStatus = z.infer<typeof InboxStatus>

export const InboxReplayResult = z.object({
  status: z.number().int(),
  durationMs: z.number(),
  /** The start of the answer's body, as text. */
  responseExcerpt: z.string(),
})
export type InboxReplayResult = z.infer<typeof InboxReplayResult>

export const inboxCommands = {
  /** Whether the receiver listens, where, and how full the inbox is. */
  status: { request: emptyRequest, response: InboxStatus },
  /** Turns the receiver on or off, on a port (0: any free one); the choice is kept in the settings. */
  configure: {
    request: z.object({ enabled: z.boolean(), port: z.number().int().min(0).max(65535).optional() }).strict(),
    response: InboxStatus,
  },
  /** Sets (or, with null, clears) the secret deliveries are checked with; every delivery is checked again. */
  setSecret: {
    request: z.object({ secret: z.string().min(1).max(1000).nullable() }).strict(),
    response: InboxStatus,
  },
  /** The newest deliveries first. */
  list: {
    request: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
    response: z.array(InboxDeliverySummary),
  },
  /** One delivery with its headers and body. */
  get: { request: z.object({ deliveryId: id }).strict(), response: InboxDelivery },
  /**
   * Sends a delivery again, original headers and body, to a URL: loopback only unless allowAnyUrl.
   * A delivery whose signature is invalid or missing (with a secret set) is refused.
   */
  replay: {
    request: z
      .object({ deliveryId: id, url: z.string().min(1).max(2000), allowAnyUrl: z.boolean().optional() })
      .strict(),
    response: InboxReplayResult,
  },
  /** Deletes every stored delivery. */
  clear: { request: emptyRequest, response: InboxStatus },
} as const

export const inboxEvents = {
  /** The inbox stored a new delivery. */
  'inbox.delivery': InboxDeliverySummary,
} as const

/** The inbox's error codes (BridgeErrorCode). */
export const INBOX_ERROR_CODES = [
  'inbox_not_found', // no stored delivery with that id
  'inbox_bad_signature', // replay refused: the signature does not check out
  'inbox_url_refused', // replay refused: not http(s), or not loopback without allowAnyUrl
  'inbox_replay_failed', // the replay target did not answer
  'inbox_port_unavailable', // the receiver's port is taken or not allowed
] as const
