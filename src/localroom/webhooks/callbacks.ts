/**
 * A run's `callback` (start-process-run body): a per-run webhook. Its secret is stored sealed like
 * webhook secrets (secret-box.ts), with the URL as additional data; the sender opens it only to sign.
 */
import { z } from 'zod'
import { seal, unseal } from '../credentials/secret-box'

export const CALLBACK_EVENTS = ['started', 'completed', 'unresolved'] as const
export type CallbackEvent = (typeof CALLBACK_EVENTS)[number]

/** What process_runs.callback holds. */
export interface StoredCallback {
  url: string
  events: CallbackEvent[]
  secretSealed: string
}

const Stored = z.object({
  url: z.string(),
  callback_events: z.array(z.enum(CALLBACK_EVENTS)),
  secret_sealed: z.string(),
})

/** The JSON stored with the run for a callback from the start body. */
export function sealCallback(
  key: Buffer,
  callback: { url: string; secret: string; callback_events: readonly CallbackEvent[] },
): string {
  return JSON.stringify({
    url: callback.url,
    callback_events: [...new Set(callback.callback_events)],
    secret_sealed: seal(key, callback.secret, callbackAad(callback.url)),
  })
}

/**
 * Reads a stored callback; null when there is none, or it was stored by a room before sealing
 * (its plain secret is not sent, and the callback is not called).
 */
export function parseStoredCallback(json: string | null): StoredCallback | null {
  if (json === null) return null
  const parsed = Stored.safeParse(safeJson(json))
  if (!parsed.success) return null
  return {
    url: parsed.data.url,
    events: parsed.data.callback_events,
    secretSealed: parsed.data.secret_sealed,
  }
}

/** Opens a callback's sealed secret (null if it was tampered with or the room secret changed). */
export function openCallbackSecret(key: Buffer, endpoint: string, sealed: string): string | null {
  return unseal(key, sealed, callbackAad(endpoint))
}

const callbackAad = (url: string) => `callback:${url}`

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
