import { describe, expect, it } from 'vitest'
import { backoffDelay } from '../../../src/renderer/src/lib/backoff'
import { countConnected, uniqueFailures } from '../../../src/renderer/src/lib/failures'
import { plural, runDurationSeconds } from '../../../src/renderer/src/lib/format'

describe('renderer formatting', () => {
  it('uses the reported duration, else the time elapsed so far', () => {
    const startedAt = '2025-01-01T10:00:00Z'
    const now = Date.parse('2025-01-01T10:00:30Z')
    expect(runDurationSeconds({ duration: 12, startedAt, endedAt: null }, now)).toBe(12)
    expect(runDurationSeconds({ duration: null, startedAt, endedAt: null }, now)).toBe(30)
    expect(runDurationSeconds({ duration: null, startedAt, endedAt: '2025-01-01T10:00:05Z' }, now)).toBe(5)
    expect(runDurationSeconds({ duration: null, startedAt: null, endedAt: null }, now)).toBeNull()
  })

  it('pluralizes', () => {
    expect(plural(1, 'workspace')).toBe('1 workspace')
    expect(plural(3, 'workspace')).toBe('3 workspaces')
  })
})

describe('renderer connection failures', () => {
  const failure = (connectionId: string, message = 'HTTP 401') => ({
    connectionId,
    code: 'unauthorized',
    message,
  })

  it('keeps one failure per connection', () => {
    expect(uniqueFailures([failure('a'), failure('b')], [failure('a', 'other')])).toEqual([
      failure('a'),
      failure('b'),
    ])
  })

  it('counts the connections that answered', () => {
    expect(countConnected(['a', 'b', 'c'], [failure('b'), failure('zzz')])).toBe(2)
    // The watcher's health, once it has looked, decides: b answers again, c went offline since.
    const statuses = new Map([
      ['b', { health: 'ok' as const }],
      ['c', { health: 'offline' as const }],
    ])
    expect(countConnected(['a', 'b', 'c'], [failure('b')], statuses)).toBe(2)
    expect(countConnected(['a', 'c'], [], new Map([['c', { health: 'rate_limited' as const }]]))).toBe(1)
  })
})

describe('renderer reconnect backoff', () => {
  it('doubles up to the cap, with 50–100 % jitter', () => {
    expect(backoffDelay(0, 500, 30_000, () => 1)).toBe(500)
    expect(backoffDelay(3, 500, 30_000, () => 1)).toBe(4000)
    expect(backoffDelay(3, 500, 30_000, () => 0)).toBe(2000)
    expect(backoffDelay(50, 500, 30_000, () => 1)).toBe(30_000)
  })
})
