/** The runs feed's filter bar: search, workspace, process, state and time window. */
import { useDeferredValue, useMemo } from 'react'
import type { ConnectionSummary, RunSummary } from '../../../shared/domain'
import {
  processOptions,
  type RunFilter,
  STATE_FILTERS,
  type StateFilter,
  TIME_WINDOWS,
  type TimeWindow,
} from '../lib/run-filter'
import { ChoiceSelect } from './forms/choice-select'
import { SearchInput } from './search-input'

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

const NO_RUNS: readonly RunSummary[] = []

export function RunsFilters({ filter, onChange, runs, connections, nameOf }: RunsFiltersProps) {
  // The process choices follow the list at a lower priority: the first rows of a 10,000-run feed
  // are painted before all of it is read for its processes (the choices fill in a frame later).
  const choiceRuns = useDeferredValue(runs, NO_RUNS)
  const processes = useMemo(() => processOptions(choiceRuns), [choiceRuns])
  const set = (patch: Partial<RunFilter>) => onChange({ ...filter, ...patch })
  const multiWorkspace = connections.length > 1
  return (
    <div className="runs-filters">
      <SearchInput
        label="Search runs"
        placeholder="Search runs (/)"
        shortcut="/"
        value={filter.search}
        onChange={(search) => set({ search })}
      />
      <ChoiceSelect
        label="Workspace"
        value={filter.connectionId}
        onChange={(connectionId) => set({ connectionId, processKey: '' })}
        choices={[
          { value: '', label: 'All workspaces' },
          ...connections.map((c) => ({ value: c.id, label: c.name })),
        ]}
      />
      <ChoiceSelect
        label="Process"
        value={filter.processKey}
        onChange={(processKey) => set({ processKey })}
        choices={[
          { value: '', label: 'All processes' },
          ...processes
            .filter((p) => !filter.connectionId || p.connectionId === filter.connectionId)
            .map((p) => ({
              value: p.key,
              label: multiWorkspace ? `${p.name} (${nameOf(p.connectionId)})` : p.name,
            })),
        ]}
      />
      <ChoiceSelect
        label="State"
        value={filter.state}
        onChange={(state) => set({ state: state as StateFilter })}
        choices={STATE_FILTERS.map((state) => ({ value: state, label: stateLabels[state] }))}
      />
      <ChoiceSelect
        label="Time"
        value={filter.window}
        onChange={(window) => set({ window: window as TimeWindow })}
        choices={(Object.keys(TIME_WINDOWS) as TimeWindow[]).map((window) => ({
          value: window,
          label: windowLabels[window],
        }))}
      />
    </div>
  )
}
