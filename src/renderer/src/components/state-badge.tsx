import type { RunState } from '../../../shared/domain'

/** A run state as a colored badge; the text is the state itself, as Control Room names it. */
export function StateBadge({ state }: { state: RunState }) {
  return (
    <span className={`state-badge state-badge--${state}`}>
      <span className="state-badge__dot" aria-hidden="true" />
      {state}
    </span>
  )
}
