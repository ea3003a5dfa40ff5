/** The runs feed's filter bar: search, workspace, process, state and time window. */
import { useMemo } from 'react'
import type { ConnectionSummary, RunSummary } from '../../../shared/domain'
import {
  processOptions,
  type RunFilter,
  STATE_FILTERS,
  type StateFilter,
  TIME_WINDOWS,
  type TimeWindow,
} from '../lib/run-filter'

const stateLabels: Record<StateFilter, string> = {
  any: 'Any state',
  active: 'Active',
  completed: 'Completed',
  unresolved: 'Unresolved',
}
const windowLabels: Record<TimeWindow, string> = {
  any: 'Any time',
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
}

interface RunsFiltersProps {
  filter: RunFilter
  onChange(filter: RunFilter): void
  runs: readonly RunSummary[]
  connections: readonly ConnectionSummary[]
  nameOf(connectionId: string): string
}

export function RunsFilters({ filter, onChange, runs, connections, nameOf }: RunsFiltersProps) {
  const processes = useMemo(() => processOptions(runs), [runs])
  const set = (patch: Partial<RunFilter>) => onChange({ ...filter, ...patch })
  const multiWorkspace = connections.length > 1
  return (
    <div className="runs-filters">
      <input
        type="search"
        className="input input--small"
        placeholder="Search runs"
        aria-label="Search runs"
        value={filter.search}
        onChange={(event) => set({ search: event.target.value })}
      />
      <select
        className="input input--small"
        aria-label="Workspace"
        value={filter.connectionId}
        onChange={(event) => set({ connectionId: event.target.value, processKey: '' })}
      >
        <option value="">All workspaces</option>
        {connections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <select
        className="input input--small"
        aria-label="Process"
        value={filter.processKey}
        onChange={(event) => set({ processKey: event.target.value })}
      >
        <option value="">All processes</option>
        {processes
          .filter((p) => !filter.connectionId || p.connectionId === filter.connectionId)
          .map((p) => (
            <option key={p.key} value={p.key}>
              {multiWorkspace ? `${p.name} (${nameOf(p.connectionId)})` : p.name}
            </option>
          ))}
      </select>
      <select
        className="input input--small"
        aria-label="State"
        value={filter.state}
        onChange={(event) => set({ state: event.target.value as StateFilter })}
      >
        {STATE_FILTERS.map((state) => (
          <option key={state} value={state}>
            {stateLabels[state]}
          </option>
        ))}
      </select>
      <select
        className="input input--small"
        aria-label="Time"
        value={filter.window}
        onChange={(event) => set({ window: event.target.value as TimeWindow })}
      >
        {(Object.keys(TIME_WINDOWS) as TimeWindow[]).map((window) => (
          <option key={window} value={window}>
            {windowLabels[window]}
          </option>
        ))}
      </select>
    </div>
  )
}
