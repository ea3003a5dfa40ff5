/** The runs feed's filter rules: each filter alone, together, and the unfiltered fast path. */
import { describe, expect, it } from 'vitest'
import {
  filterRuns,
  NO_FILTER,
  processKeyOf,
  processOptions,
} from '../../../../src/renderer/src/lib/run-filter'
import type { RunSummary } from '../../../../src/shared/domain'
import { runSummary } from '../../../support/fixtures'

const NOW = Date.parse('2026-01-02T12:00:00Z')
const names: Record<string, string> = { local: 'Local room', prod: 'Production EU' }
const nameOf = (id: string) => names[id] ?? id

const runs: RunSummary[] = [
  runSummary({
    id: 'a1',
    processId: 'p1',
    processName: 'Echo payload',
    state: 'in_progress',
    createdAt: '2026-01-02T11:30:00Z',
  }),
  runSummary({
    id: 'a2',
    processId: 'p1',
    processName: 'Echo payload',
    state: 'completed',
    createdAt: '2026-01-02T08:00:00Z',
  }),
  runSummary({
    id: 'b1',
    processId: 'p2',
    processName: 'Invoice sync',
    state: 'unresolved',
    createdAt: '2025-12-20T08:00:00Z',
  }),
  // Same process id in another workspace: another process.
  runSummary({
    connectionId: 'prod',
    id: 'c1',
    processId: 'p1',
    processName: 'Payroll',
    state: 'stopping',
    createdAt: '2026-01-02T11:59:00Z',
  }),
  runSummary({
    id: 'd1',
    processId: 'p3',
    processName: 'Broken dates',
    state: 'completed',
    createdAt: 'not a date',
  }),
]
const ids = (list: readonly RunSummary[]) => list.map((r) => r.id)

describe('filterRuns', () => {
  it('returns the same array when nothing filters', () => {
    expect(filterRuns(runs, NO_FILTER, nameOf, NOW)).toBe(runs)
  })

  it('filters by workspace, and by process within one workspace only', () => {
    expect(ids(filterRuns(runs, { ...NO_FILTER, connectionId: 'prod' }, nameOf, NOW))).toEqual(['c1'])
    const localP1 = processKeyOf({ connectionId: 'local', processId: 'p1' })
    expect(ids(filterRuns(runs, { ...NO_FILTER, processKey: localP1 }, nameOf, NOW))).toEqual(['a1', 'a2'])
  })

  it('counts new, in_progress and stopping as active, as the tray does', () => {
    expect(ids(filterRuns(runs, { ...NO_FILTER, state: 'active' }, nameOf, NOW))).toEqual(['a1', 'c1'])
    expect(ids(filterRuns(runs, { ...NO_FILTER, state: 'unresolved' }, nameOf, NOW))).toEqual(['b1'])
    expect(ids(filterRuns(runs, { ...NO_FILTER, state: 'completed' }, nameOf, NOW))).toEqual(['a2', 'd1'])
  })

  it('keeps runs created inside the time window; an unparsable date is outside every window', () => {
    expect(ids(filterRuns(runs, { ...NO_FILTER, window: '1h' }, nameOf, NOW))).toEqual(['a1', 'c1'])
    expect(ids(filterRuns(runs, { ...NO_FILTER, window: '24h' }, nameOf, NOW))).toEqual(['a1', 'a2', 'c1'])
    expect(ids(filterRuns(runs, { ...NO_FILTER, window: '7d' }, nameOf, NOW))).toEqual(['a1', 'a2', 'c1'])
  })

  it('searches process name, workspace name and run id, case-insensitively', () => {
    expect(ids(filterRuns(runs, { ...NO_FILTER, search: '  INVOICE ' }, nameOf, NOW))).toEqual(['b1'])
    expect(ids(filterRuns(runs, { ...NO_FILTER, search: 'production' }, nameOf, NOW))).toEqual(['c1'])
    expect(ids(filterRuns(runs, { ...NO_FILTER, search: 'A2' }, nameOf, NOW))).toEqual(['a2'])
  })

  it('applies every filter at once', () => {
    const filter = {
      ...NO_FILTER,
      connectionId: 'local',
      state: 'completed' as const,
      window: '24h' as const,
      search: 'echo',
    }
    expect(ids(filterRuns(runs, filter, nameOf, NOW))).toEqual(['a2'])
  })
})

describe('processOptions', () => {
  it('lists each process of each workspace once, by name', () => {
    expect(processOptions(runs).map((p) => `${p.connectionId}/${p.name}`)).toEqual([
      'local/Broken dates',
      'local/Echo payload',
      'local/Invoice sync',
      'prod/Payroll',
    ])
  })
})
