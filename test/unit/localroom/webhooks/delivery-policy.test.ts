/** The retry schedule docs/webhooks.md states: doubling from 10 s, capped at 1 h, ±20 % jitter, for 24 h. */
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_RETRY_POLICY,
  GIVE_UP_AFTER_MS,
  givesUp,
  receiverUnavailable,
  retryDelayMs,
} from '../../../../src/localroom/webhooks/delivery-policy'

describe('delivery policy', () => {
  it('doubles the wait from 10 s to a 1 h cap, without jitter at the midpoint', () => {
    const mid = () => 0.5
    expect(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 40].map((n) => retryDelayMs(n, DEFAULT_RETRY_POLICY, mid) / 1000),
    ).toEqual([10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600, 3600])
  })

  it('jitters each wait by at most 20 % either way', () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, () => 0)).toBe(8000)
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, () => 1)).toBe(12000)
  })

  it('retries for at least a day: gives up only on a failure 24 h after the event', () => {
    const created = Date.parse('2026-01-01T00:00:00Z')
    expect(givesUp(created, created + GIVE_UP_AFTER_MS - 1, DEFAULT_RETRY_POLICY)).toBe(false)
    expect(givesUp(created, created + GIVE_UP_AFTER_MS, DEFAULT_RETRY_POLICY)).toBe(true)
    // Summed, the waits before giving up cover the whole day (about 32 attempts).
    let elapsed = 0
    let attempts = 1
    while (!givesUp(created, created + elapsed, DEFAULT_RETRY_POLICY)) {
      elapsed += retryDelayMs(attempts, DEFAULT_RETRY_POLICY, () => 0.5)
      attempts++
    }
    expect(attempts).toBeGreaterThanOrEqual(30)
    expect(attempts).toBeLessThanOrEqual(34)
  })

  it('treats no answer, 408, 429, 502, 503 and 504 as an unavailable receiver, other errors not', () => {
    for (const status of [null, 408, 429, 502, 503, 504]) expect(receiverUnavailable(status)).toBe(true)
    for (const status of [400, 401, 404, 410, 500, 301]) expect(receiverUnavailable(status)).toBe(false)
  })
})
