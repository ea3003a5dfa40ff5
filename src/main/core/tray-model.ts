/**
 * The tray menu as data: quick-launch items for processes and a line per running run. The desktop
 * adapter turns it into an Electron Menu; everything about what the menu shows is decided here.
 */
import type { ProcessSummary, RunSummary } from '../../shared/domain'
import { isActiveRunState } from '../../shared/runs'

export type TrayItem =
  | { kind: 'heading'; label: string }
  | { kind: 'launch'; label: string; connectionId: string; processId: string }
  | { kind: 'run'; label: string; connectionId: string; runId: string }
  | { kind: 'note'; label: string }
  | { kind: 'separator' }
  | { kind: 'open-window'; label: string }
  | { kind: 'quit'; label: string }

export interface TrayModel {
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

/** Builds the tray menu from the known processes and the runs seen so far. */
export function buildTrayModel(
  processes: ProcessSummary[],
  runs: RunSummary[],
  status: TrayListStatus = 'loaded',
): TrayModel {
  const active = runs.filter((run) => isActiveRunState(run.state))
  const items: TrayItem[] = [{ kind: 'heading', label: 'Launch' }]
  if (processes.length === 0) items.push({ kind: 'note', label: EMPTY_LIST_NOTE[status] })
  for (const summary of [...processes]
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, MAX_LAUNCH_ITEMS)) {
    items.push({
      kind: 'launch',
      label: summary.name,
      connectionId: summary.connectionId,
      processId: summary.id,
    })
  }
  items.push(
    { kind: 'separator' },
    { kind: 'heading', label: active.length ? `Running (${active.length})` : 'Running' },
  )
  if (active.length === 0) items.push({ kind: 'note', label: 'Nothing running' })
  for (const run of active.slice(0, MAX_RUN_ITEMS)) {
    items.push({
      kind: 'run',
      label: `${run.processName} — ${run.state.replace('_', ' ')}`,
      connectionId: run.connectionId,
      runId: run.id,
    })
  }
  items.push(
    { kind: 'separator' },
    { kind: 'open-window', label: 'Open Robodeck' },
    { kind: 'quit', label: 'Quit Robodeck' },
  )
  const tooltip = active.length ? `Robodeck — ${active.length} running` : 'Robodeck'
  return { tooltip, items }
}
