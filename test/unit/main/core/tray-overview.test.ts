import { describe, expect, it } from 'vitest'
import { trayOverview } from '../../../../src/main/core/tray-overview'
import type { RunState } from '../../../../src/shared/domain'
import { runSummary } from '../../../support/fixtures'

const NOW = Date.parse('2026-01-01T01:00:00Z')
const run = (id: string, state: RunState, minute: number, processId = 'p1') =>
  runSummary({
    connectionId: 'c1',
    id,
    state,
    processId,
    processName: `Process ${processId}`,
    createdAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:00Z`,
    startedAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:30Z`,
  })

describe('tray overview', () => {
  it('a failure wins over running, running over idle', () => {
    expect(trayOverview([], [], [], NOW).state).toBe('idle')
    expect(trayOverview([run('1', 'completed', 1)], [], [], NOW).state).toBe('idle')
    expect(trayOverview([run('1', 'completed', 1), run('2', 'in_progress', 2)], [], [], NOW).state).toBe(
      'running',
    )
    expect(
      trayOverview([run('1', 'unresolved', 1, 'p2'), run('2', 'in_progress', 2)], [], [], NOW).state,
    ).toBe('failure')
    // A later success of the same process clears its failure.
    expect(trayOverview([run('1', 'unresolved', 1), run('2', 'completed', 2)], [], [], NOW).state).toBe(
      'idle',
    )
  })

  it('lists running runs with their elapsed time, and the last five results newest first', () => {
    const runs = [
      run('a', 'in_progress', 50),
      ...[1, 2, 3, 4, 5, 6].map((m) => run(`r${m}`, m === 6 ? 'unresolved' : 'completed', m, `p${m}`)),
    ]
    const overview = trayOverview(runs, [], [], NOW)
    expect(overview.running).toEqual([
      { connectionId: 'c1', runId: 'a', label: 'Process p1', state: 'in_progress', elapsedSeconds: 570 },
    ])
    expect(overview.lastResults.map((r) => `${r.runId}:${r.failed}`)).toEqual([
      'r6:true',
      'r5:false',
      'r4:false',
      'r3:false',
      'r2:false',
    ])
  })

  it('offers the favourites, named by their process, with their saved payloads', () => {
    const overview = trayOverview(
      [],
      [{ connectionId: 'c1', id: 'p1', name: 'Invoices', createdAt: '2026-01-01T00:00:00Z' }],
      [
        { connectionId: 'c1', processId: 'p1', payload: { month: 1 } },
        { connectionId: 'c1', processId: 'gone' },
      ],
      NOW,
    )
    expect(overview.favourites).toEqual([
      { connectionId: 'c1', processId: 'p1', label: 'Invoices', payload: { month: 1 } },
      { connectionId: 'c1', processId: 'gone', label: 'gone' },
    ])
  })
})
