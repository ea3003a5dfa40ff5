/**
 * The `x-rc-signature` of a Control Room webhook delivery (notes §5.2): the lowercase hex
 * HMAC-SHA256 of the whole raw body, keyed with the webhook's shared secret; no prefix, no
 * timestamp. Pure, so a sender and every receiver share one definition.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** The header a delivery's signature travels in. */
export const SIGNATURE_HEADER = 'x-rc-signature'

/** The signature of a raw body. */
export function signWebhookBody(secret: string, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(body).digest('hex')
}

/**
 * Whether `signature` (the header's value) signs `body` with `secret`, compared in constant time.
 * Anything that is not 64 hex characters is false before any comparison.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string | Uint8Array,
  signature: string | undefined,
): boolean {
  if (!signature || !/^[0-9a-fA-F]{64}$/.test(signature)) return false
  const expected = Buffer.from(signWebhookBody(secret, body), 'hex')
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'))
}
