/**
 * What the tray shows, computed (the desktop side draws it): the overall state (a failure wins over
 * running, running over idle), the favourite processes to launch with their saved payloads, the
 * running runs with their elapsed time, and the last results. "Refresh now" is the bridge command
 * `connections.refresh`.
 */
import type { JsonValue, ProcessSummary, RunState, RunSummary } from '../../shared/domain'
import { isActiveRunState, isFinalRunState, sortNewestFirst } from '../../shared/runs'
import type { Favourite } from './settings/settings-schema'

export type TrayState = 'failure' | 'running' | 'idle'

export interface TrayOverview {
  state: TrayState
  favourites: { connectionId: string; processId: string; label: string; payload?: JsonValue }[]
  running: { connectionId: string; runId: string; label: string; state: RunState; elapsedSeconds: number }[]
  lastResults: { connectionId: string; runId: string; label: string; failed: boolean }[]
}

const LAST_RESULTS = 5

const timeOf = (iso: string | null) => (iso ? Date.parse(iso) : Number.NaN)

/** The tray's content from the runs seen, the known processes and the favourites. */
export function trayOverview(
  runs: RunSummary[],
  processes: ProcessSummary[],
  favourites: Favourite[],
  now: number,
): TrayOverview {
  const sorted = sortNewestFirst(runs)
  const running = sorted
    .filter((run) => isActiveRunState(run.state))
    .map((run) => {
      const since = timeOf(run.startedAt ?? run.createdAt)
      return {
        connectionId: run.connectionId,
        runId: run.id,
        label: run.processName,
        state: run.state,
        elapsedSeconds: Number.isNaN(since) ? 0 : Math.max(0, Math.round((now - since) / 1000)),
      }
    })
  const finished = sorted.filter((run) => isFinalRunState(run.state))
  // A failure counts while it is the latest result of its process: a later success clears it.
  const latestPerProcess = new Map<string, RunSummary>()
  for (const run of finished) {
    const key = `${run.connectionId}\u0000${run.processId}`
    if (!latestPerProcess.has(key)) latestPerProcess.set(key, run)
  }
  const failing = [...latestPerProcess.values()].some((run) => run.state === 'unresolved')
  const names = new Map(processes.map((p) => [`${p.connectionId}\u0000${p.id}`, p.name]))
  return {
    state: failing ? 'failure' : running.length > 0 ? 'running' : 'idle',
    favourites: favourites.map((favourite) => ({
      ...favourite,
      label: names.get(`${favourite.connectionId}\u0000${favourite.processId}`) ?? favourite.processId,
    })),
    running,
    lastResults: finished.slice(0, LAST_RESULTS).map((run) => ({
      connectionId: run.connectionId,
      runId: run.id,
      label: run.processName,
      failed: run.state === 'unresolved',
    })),
  }
}
