import { describe, expect, it } from 'vitest'
import {
  formatRate,
  insightStats,
  lastRunsOf,
  outcomeOf,
  percentile,
} from '../../../../src/renderer/src/lib/process-insights'
import { processKeyOf } from '../../../../src/renderer/src/lib/run-filter'
import type { RunState } from '../../../../src/shared/domain'
import { runSummary } from '../../../support/fixtures'

const run = (id: string, state: RunState, duration: number | null, minute = 0, processId = 'p1') =>
  runSummary({
    id,
    processId,
    state,
    duration,
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString(),
  })

describe('process insights', () => {
  it('takes the newest N runs of the one process, oldest first', () => {
    const runs = [
      run('a', 'completed', 1, 1),
      run('other', 'completed', 1, 2, 'p2'),
      run('c', 'completed', 1, 3),
      run('b', 'completed', 1, 2),
      run('d', 'unresolved', 1, 4),
    ]
    const key = processKeyOf({ connectionId: 'local', processId: 'p1' })
    expect(lastRunsOf(runs, key, 3).map((r) => r.id)).toEqual(['b', 'c', 'd'])
    expect(lastRunsOf(runs, key, 20).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd'])
    expect(lastRunsOf(runs, processKeyOf({ connectionId: 'local', processId: 'p9' }), 20)).toEqual([])
  })

  it('sums up outcomes and durations: success over finished runs, percentiles over known durations', () => {
    const { p95Duration, ...stats } = insightStats([
      run('1', 'completed', 4),
      run('2', 'completed', 1),
      run('3', 'unresolved', 10),
      run('4', 'completed', 2),
      run('5', 'in_progress', null),
      run('6', 'new', null),
    ])
    expect(stats).toEqual({
      runs: 6,
      completed: 3,
      unresolved: 1,
      unfinished: 2,
      successRate: 0.75,
      // Durations 1, 2, 4, 10: the median is halfway between 2 and 4.
      medianDuration: 3,
    })
    // p95 is at rank 0.95 × 3 = 2.85: 85% of the way from 4 to 10.
    expect(p95Duration).toBeCloseTo(9.1)
  })

  it('has no rate or durations before any run has finished', () => {
    expect(insightStats([run('1', 'in_progress', null)])).toMatchObject({
      successRate: null,
      medianDuration: null,
      p95Duration: null,
    })
    expect(formatRate(null)).toBe('—')
    expect(formatRate(2 / 3)).toBe('67%')
  })

  it('interpolates percentiles between ranks', () => {
    expect(percentile([], 50)).toBeNull()
    expect(percentile([7], 95)).toBe(7)
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5)
    expect(percentile([1, 2, 3], 50)).toBe(2)
    expect(percentile([0, 100], 95)).toBeCloseTo(95)
  })

  it('groups the states that have not ended as not finished', () => {
    expect((['new', 'in_progress', 'stopping'] as const).map(outcomeOf)).toEqual([
      'unfinished',
      'unfinished',
      'unfinished',
    ])
    expect(outcomeOf('unresolved')).toBe('unresolved')
  })
})
