/** Each process's newest runs from the feed: grouped by workspace and process, newest first, capped. */
import { describe, expect, it } from 'vitest'
import { recentRunsByProcess } from '../../../../src/renderer/src/lib/process-history'
import { processKeyOf } from '../../../../src/renderer/src/lib/run-filter'
import { runSummary } from '../../../support/fixtures'

const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}Z`

describe('recentRunsByProcess', () => {
  it('keeps the newest runs of each process, newest first, at most the length asked', () => {
    const runs = [
      ...Array.from({ length: 12 }, (_, i) => runSummary({ id: `a${i}`, createdAt: at(i) })),
      runSummary({ id: 'b', processId: 'p2', createdAt: at(30) }),
      runSummary({ id: 'c', connectionId: 'other', createdAt: at(31) }),
    ]
    const byProcess = recentRunsByProcess(runs, 10)
    expect(byProcess.get(processKeyOf({ connectionId: 'local', processId: 'p1' }))?.map((r) => r.id)).toEqual(
      ['a11', 'a10', 'a9', 'a8', 'a7', 'a6', 'a5', 'a4', 'a3', 'a2'],
    )
    expect(byProcess.get(processKeyOf({ connectionId: 'local', processId: 'p2' }))?.map((r) => r.id)).toEqual(
      ['b'],
    )
    expect(byProcess.get(processKeyOf({ connectionId: 'other', processId: 'p1' }))?.map((r) => r.id)).toEqual(
      ['c'],
    )
  })
})
