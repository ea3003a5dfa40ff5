/**
 * When the room sends, retries, gives up on and disables webhooks: every number of the delivery
 * rules in one place (docs/webhooks.md states the same schedule).
 */

/** How long one attempt may take, connect to last byte of the answer. */
export const ATTEMPT_TIMEOUT_MS = 10_000
/** The first retry comes this long after the first failure; each further one twice as long. */
export const RETRY_BASE_MS = 10_000
/** The longest wait between two attempts. */
export const RETRY_CAP_MS = 60 * 60 * 1000
/** Each wait is jittered by up to this fraction either way, so receivers are not hit in waves. */
export const RETRY_JITTER = 0.2
/** A delivery is retried until it is at least this old; the first failure after that is final. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000
/** A webhook whose attempts have failed without a success for this long is disabled. */
export const DISABLE_AFTER_MS = 3 * 24 * 60 * 60 * 1000
/** Attempts (and finished deliveries) are kept this long in the delivery log. */
export const LOG_RETENTION_MS = 14 * 24 * 60 * 60 * 1000
/** Requests in flight at once, in all, and to one receiver origin (the Agent's connections too). */
export const MAX_IN_FLIGHT = 64
export const MAX_IN_FLIGHT_PER_ORIGIN = 4
/** How much of an answer's body the log keeps, and the most the sender reads before dropping it. */
export const RESPONSE_EXCERPT_BYTES = 1024
export const MAX_RESPONSE_READ_BYTES = 64 * 1024

/** Answers that mean the receiver cannot take events now (as opposed to refusing this one). */
const UNAVAILABLE_STATUSES = new Set([408, 429, 502, 503, 504])

export interface RetryPolicy {
  baseMs: number
  capMs: number
  jitter: number
  giveUpAfterMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: RETRY_BASE_MS,
  capMs: RETRY_CAP_MS,
  jitter: RETRY_JITTER,
  giveUpAfterMs: GIVE_UP_AFTER_MS,
}

/** The wait before attempt `failures + 1`, after `failures` failed attempts (1 or more). */
export function retryDelayMs(failures: number, policy: RetryPolicy, random = Math.random): number {
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(30, Math.max(0, failures - 1)))
  return Math.round(exponential * (1 + policy.jitter * (2 * random() - 1)))
}

/** Whether a delivery created at `createdAtMs` that just failed is given up rather than retried. */
export function givesUp(createdAtMs: number, nowMs: number, policy: RetryPolicy): boolean {
  return nowMs - createdAtMs >= policy.giveUpAfterMs
}

/**
 * Whether a failure says the receiver is unavailable (no answer, a timeout, 408/429/502/503/504):
 * its webhook then pauses until the retry, so its events wait in order rather than each failing.
 * Any other answer only delays the event it refused.
 */
export function receiverUnavailable(status: number | null): boolean {
  return status === null || UNAVAILABLE_STATUSES.has(status)
}
