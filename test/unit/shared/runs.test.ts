/** The run rules in src/shared that the core, the tray, notifications and the renderer share. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ProcessRunState, FINAL_RUN_STATES as ROOM_FINAL_STATES } from '../../../src/localroom/http/schemas'
import { RUN_STATES as ROOM_STORE_STATES } from '../../../src/localroom/runs/run-store'
import { RunState } from '../../../src/shared/domain'
import { formatDuration } from '../../../src/shared/duration'
import {
  compareNewestFirst,
  FINAL_RUN_STATES,
  isActiveRunState,
  isFinalRunState,
  runKey,
  sortNewestFirst,
} from '../../../src/shared/runs'

describe('run states', () => {
  it('are each either final or active, and stopping is active', () => {
    expect(RunState.options.filter(isFinalRunState)).toEqual(['completed', 'unresolved'])
    expect(RunState.options.filter(isActiveRunState)).toEqual(['new', 'in_progress', 'stopping'])
    for (const state of RunState.options) expect(isActiveRunState(state)).toBe(!isFinalRunState(state))
  })

  it('are the same in the local room, which keeps its own list (it imports nothing of the app)', () => {
    expect([...ProcessRunState.options].sort()).toEqual([...RunState.options].sort())
    expect(ROOM_STORE_STATES).toEqual(ProcessRunState.options)
    expect([...ROOM_FINAL_STATES].sort()).toEqual([...FINAL_RUN_STATES].sort())
  })
})

describe('run key', () => {
  it('tells apart every two different (connection, run) pairs', () => {
    expect(runKey({ connectionId: 'local', id: 'r1' })).toBe(runKey({ connectionId: 'local', id: 'r1' }))
    // With a printable separator these two would collide.
    expect(runKey({ connectionId: 'a/b', id: 'c' })).not.toBe(runKey({ connectionId: 'a', id: 'b/c' }))
    const id = fc.string({ unit: fc.constantFrom('a', '/', '-', '1') })
    fc.assert(
      fc.property(id, id, id, id, (c1, r1, c2, r2) => {
        const same = c1 === c2 && r1 === r2
        expect(runKey({ connectionId: c1, id: r1 }) === runKey({ connectionId: c2, id: r2 })).toBe(same)
      }),
    )
  })
})

describe('newest first', () => {
  const run = (id: string, createdAt: string, connectionId = 'local') => ({ connectionId, id, createdAt })

  it('sorts by instant, then by key, the same way from any starting order', () => {
    const runs = [
      run('a', '2025-01-01T10:00:00Z'),
      run('b', '2025-01-01T12:00:00+02:00'), // 10:00Z as well: a tie, broken by key
      run('c', '2025-01-01T11:00:00.000Z'),
      run('d', 'garbage'),
      run('a', '2025-01-01T10:00:00Z', 'cloud'),
    ]
    const expected = ['local/c', 'local/b', 'local/a', 'cloud/a', 'local/d']
    fc.assert(
      fc.property(fc.shuffledSubarray(runs, { minLength: runs.length }), (shuffled) => {
        const order = [...shuffled].sort(compareNewestFirst).map((r) => `${r.connectionId}/${r.id}`)
        expect(order).toEqual(expected)
        // The decorated sort the window and the core use gives the comparator's order.
        expect(sortNewestFirst(shuffled).map((r) => `${r.connectionId}/${r.id}`)).toEqual(expected)
      }),
    )
  })

  it('sorts many runs as the comparator does, two unparsable dates included', () => {
    const instant = fc.oneof(
      fc.integer({ min: 0, max: 50 }).map((m) => new Date(Date.UTC(2025, 0, 1, 10, m)).toISOString()),
      fc.constantFrom('garbage', ''),
    )
    const runs = fc.array(fc.tuple(fc.constantFrom('local', 'cloud'), fc.string(), instant), {
      maxLength: 60,
    })
    fc.assert(
      fc.property(runs, (tuples) => {
        const list = tuples.map(([connectionId, id, createdAt]) => run(id, createdAt, connectionId))
        expect(sortNewestFirst(list)).toEqual([...list].sort(compareNewestFirst))
      }),
    )
  })
})

describe('duration', () => {
  it('reads the same in the runs table and the OS notification', () => {
    expect(formatDuration(0)).toBe('0 ms')
    expect(formatDuration(0.25)).toBe('250 ms')
    expect(formatDuration(0.9996)).toBe('1.0 s')
    expect(formatDuration(4.26)).toBe('4.3 s')
    expect(formatDuration(9.96)).toBe('10 s')
    expect(formatDuration(42.9)).toBe('42 s')
    expect(formatDuration(60)).toBe('1m 00s')
    expect(formatDuration(185)).toBe('3m 05s')
    expect(formatDuration(3600)).toBe('1h 00m')
    expect(formatDuration(7260)).toBe('2h 01m')
  })

  it('says "—" for what is not a duration', () => {
    for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(formatDuration(value)).toBe('—')
  })
})
