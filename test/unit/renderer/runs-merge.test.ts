import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mergeRuns, pickNewer } from '../../../src/renderer/src/lib/runs-merge'
import type { RunSummary } from '../../../src/shared/domain'
import { compareNewestFirst, runKey, sortNewestFirst } from '../../../src/shared/runs'

const run = (overrides: Partial<RunSummary> & Pick<RunSummary, 'id'>): RunSummary => ({
  connectionId: 'local',
  processId: 'p1',
  processName: 'Echo payload',
  state: 'new',
  createdAt: '2025-01-01T10:00:00.000Z',
  startedAt: null,
  endedAt: null,
  duration: null,
  ...overrides,
})

describe('renderer run list merge', () => {
  it('keeps runs newest first by createdAt', () => {
    const merged = mergeRuns(
      [],
      [
        run({ id: 'a', createdAt: '2025-01-01T10:00:00Z' }),
        run({ id: 'c', createdAt: '2025-01-01T12:00:00Z' }),
        run({ id: 'b', createdAt: '2025-01-01T11:00:00+00:00' }),
      ],
    )
    expect(merged.map((r) => r.id)).toEqual(['c', 'b', 'a'])
  })

  it('compares instants, not strings, across time zone offsets', () => {
    const utc = run({ id: 'utc', createdAt: '2025-01-01T10:30:00Z' })
    const plusTwo = run({ id: 'cest', createdAt: '2025-01-01T12:00:00+02:00' }) // 10:00Z: older
    expect(mergeRuns([], [plusTwo, utc]).map((r) => r.id)).toEqual(['utc', 'cest'])
  })

  it('merges an update into the same (connectionId, id) and leaves other workspaces alone', () => {
    const list = mergeRuns([], [run({ id: 'r1' }), run({ id: 'r1', connectionId: 'cloud' })])
    expect(list).toHaveLength(2)
    const updated = mergeRuns(list, [run({ id: 'r1', state: 'in_progress' })])
    expect(updated).toHaveLength(2)
    expect(updated.find((r) => r.connectionId === 'local')?.state).toBe('in_progress')
    expect(updated.find((r) => r.connectionId === 'cloud')?.state).toBe('new')
  })

  it('adds runs that arrive as events before the list', () => {
    const fromEvent = mergeRuns(
      [],
      [run({ id: 'new-one', state: 'in_progress', createdAt: '2025-01-02T00:00:00Z' })],
    )
    const withList = mergeRuns(fromEvent, [run({ id: 'old-one' })])
    expect(withList.map((r) => r.id)).toEqual(['new-one', 'old-one'])
  })

  it('never moves a run backwards: a stale list answer does not undo a finished event', () => {
    const finished = run({ id: 'r1', state: 'completed', duration: 2, endedAt: '2025-01-01T10:00:02Z' })
    const stale = run({ id: 'r1', state: 'in_progress' })
    expect(mergeRuns([finished], [stale])[0]).toBe(finished)
    expect(pickNewer(stale, finished)).toBe(finished)
    // Same state: the incoming snapshot is the fresher one.
    const a = run({ id: 'r1', state: 'in_progress' })
    const b = run({ id: 'r1', state: 'in_progress', startedAt: '2025-01-01T10:00:01Z' })
    expect(pickNewer(a, b)).toBe(b)
  })

  it('returns the same array when nothing changed, so React can skip the render', () => {
    const finished = run({ id: 'r1', state: 'unresolved' })
    const list = mergeRuns([], [finished])
    expect(mergeRuns(list, [])).toBe(list)
    expect(mergeRuns(list, [run({ id: 'r1', state: 'new' })])).toBe(list)
  })

  it('caps the list, dropping the oldest', () => {
    const many = Array.from({ length: 10 }, (_, i) =>
      run({ id: `r${i}`, createdAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString() }),
    )
    expect(mergeRuns([], many, 3).map((r) => r.id)).toEqual(['r9', 'r8', 'r7'])
  })

  it('orders ties and unparsable dates stably', () => {
    const x = run({ id: 'x', createdAt: 'not a date' })
    const y = run({ id: 'y' })
    const z = run({ id: 'z' })
    expect(mergeRuns([], [x, y, z]).map((r) => r.id)).toEqual(['z', 'y', 'x'])
    expect(compareNewestFirst(y, y)).toBe(0)
    expect(runKey(y)).not.toBe(runKey({ connectionId: 'localr', id: '1' }))
  })

  it('gives the list a plain rule would: by key, the newer snapshot kept, all sorted, capped', () => {
    // The rule stated plainly: every run by key, pickNewer on a clash, the whole list sorted.
    const plainly = (current: readonly RunSummary[], incoming: readonly RunSummary[], max: number) => {
      const byKey = new Map(current.map((r) => [runKey(r), r]))
      for (const r of incoming) {
        const existing = byKey.get(runKey(r))
        byKey.set(runKey(r), existing ? pickNewer(existing, r) : r)
      }
      return sortNewestFirst(byKey.values()).slice(0, max)
    }
    const snapshot = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
      connectionId: fc.constantFrom('local', 'cloud'),
      state: fc.constantFrom<RunSummary['state']>(
        'new',
        'in_progress',
        'stopping',
        'completed',
        'unresolved',
      ),
      createdAt: fc.constantFrom(
        '2025-01-01T10:00:00Z',
        '2025-01-01T12:00:00+02:00',
        '2025-01-01T11:00:00Z',
        'x',
      ),
    })
    // Batches of one (events, searched) and of many (pages, indexed), with repeats inside a batch.
    const batch = fc.oneof(
      fc.array(snapshot.map(run), { maxLength: 3 }),
      fc.array(snapshot.map(run), { minLength: 17, maxLength: 40 }),
    )
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 6 }), fc.integer({ min: 1, max: 20 }), (batches, max) => {
        let list: readonly RunSummary[] = []
        for (const incoming of batches) {
          const next = mergeRuns(list, incoming, max)
          const expected = plainly(list, incoming, max)
          // The same snapshots (not copies), in the same order.
          expect(next.length).toBe(expected.length)
          for (const [i, r] of next.entries()) expect(r).toBe(expected[i])
          list = next
        }
      }),
      { numRuns: 500 },
    )
  })
})
