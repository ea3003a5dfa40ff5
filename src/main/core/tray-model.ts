/**
 * The tray menu as data, drawn from the tray overview (tray-overview.ts): the overall state (icon
 * and tooltip), what to launch (the favourites with their saved payloads, or, with none chosen, the
 * processes), the running runs with their elapsed time, the last results, and "Refresh now". The
 * desktop adapter turns it into an Electron Menu; everything about what the menu shows is decided here.
 */
import type { JsonValue, ProcessSummary } from '../../shared/domain'
import { formatDuration } from '../../shared/duration'
import type { TrayOverview, TrayState } from './tray-overview'

export type TrayItem =
  | { kind: 'heading'; label: string }
  | { kind: 'launch'; label: string; connectionId: string; processId: string; payload?: JsonValue }
  | { kind: 'run'; label: string; connectionId: string; runId: string }
  | { kind: 'note'; label: string }
  | { kind: 'separator' }
  | { kind: 'refresh'; label: string }
  | { kind: 'open-window'; label: string }
  | { kind: 'quit'; label: string }

export interface TrayModel {
  /** What the icon shows: a failure wins over running, running over idle. */
  state: TrayState
  tooltip: string
  items: TrayItem[]
}

const MAX_LAUNCH_ITEMS = 15
const MAX_RUN_ITEMS = 10

/**
 * Where the process list stands: `loading` before the first answer (the menu exists from the first
 * moment, and Linux trays need one to be usable at all), `failed` when loading it failed.
 */
export type TrayListStatus = 'loaded' | 'loading' | 'failed'

const EMPTY_LIST_NOTE: Record<TrayListStatus, string> = {
  loaded: 'No processes',
  loading: 'Loading processes…',
  failed: 'Could not load processes',
}

/** What to launch: the favourites in the order chosen, or, with none, the processes by name. */
function launchItems(
  overview: TrayOverview,
  processes: ProcessSummary[],
  status: TrayListStatus,
): TrayItem[] {
  if (overview.favourites.length > 0)
    return overview.favourites
      .slice(0, MAX_LAUNCH_ITEMS)
      .map((favourite) => ({ kind: 'launch', ...favourite }))
  if (processes.length === 0) return [{ kind: 'note', label: EMPTY_LIST_NOTE[status] }]
  return [...processes]
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, MAX_LAUNCH_ITEMS)
    .map((process) => ({
      kind: 'launch',
      label: process.name,
      connectionId: process.connectionId,
      processId: process.id,
    }))
}

function tooltipOf(overview: TrayOverview): string {
  const running = overview.running.length
  const parts = [
    ...(overview.state === 'failure' ? ['a run failed'] : []),
    ...(running > 0 ? [`${running} running`] : []),
  ]
  return parts.length > 0 ? `Robodeck — ${parts.join(', ')}` : 'Robodeck'
}

/** Builds the tray menu from the overview and the known processes. */
export function buildTrayModel(
  overview: TrayOverview,
  processes: ProcessSummary[],
  status: TrayListStatus = 'loaded',
): TrayModel {
  const { running, lastResults } = overview
  const items: TrayItem[] = [
    { kind: 'heading', label: 'Launch' },
    ...launchItems(overview, processes, status),
  ]
  items.push(
    { kind: 'separator' },
    { kind: 'heading', label: running.length ? `Running (${running.length})` : 'Running' },
  )
  if (running.length === 0) items.push({ kind: 'note', label: 'Nothing running' })
  for (const run of running.slice(0, MAX_RUN_ITEMS)) {
    items.push({
      kind: 'run',
      label: `${run.label} — ${run.state.replace('_', ' ')}, ${formatDuration(run.elapsedSeconds)}`,
      connectionId: run.connectionId,
      runId: run.runId,
    })
  }
  if (lastResults.length > 0) {
    items.push({ kind: 'separator' }, { kind: 'heading', label: 'Last results' })
    for (const result of lastResults)
      items.push({
        kind: 'run',
        label: `${result.label} — ${result.failed ? 'failed' : 'completed'}`,
        connectionId: result.connectionId,
        runId: result.runId,
      })
  }
  items.push(
    { kind: 'separator' },
    { kind: 'refresh', label: 'Refresh now' },
    { kind: 'open-window', label: 'Open Robodeck' },
    { kind: 'quit', label: 'Quit Robodeck' },
  )
  return { state: overview.state, tooltip: tooltipOf(overview), items }
}

/** The menu before anything has loaded. */
export const loadingTrayModel = (): TrayModel =>
  buildTrayModel({ state: 'idle', favourites: [], running: [], lastResults: [] }, [], 'loading')
