/** The run's work items (each step's inputs, with state and exception) and its outputs. */
import type { RunToOpen } from '../../../../shared/bridge'
import type { JsonValue } from '../../../../shared/domain'
import { useRunWorkItems } from '../../hooks/use-run-detail'
import { EmptyState, ErrorBanner, LoadingState } from '../feedback'
import { PermissionNote } from './permission-note'

interface RunWorkItemsProps {
  run: RunToOpen
  active: boolean
  deniedReason: string | undefined
}

export function RunWorkItems({ run, active, deniedReason }: RunWorkItemsProps) {
  const query = useRunWorkItems(run, active, !deniedReason)
  if (deniedReason) return <PermissionNote what="Work items" reason={deniedReason} />
  if (query.isPending) return <LoadingState label="Loading work items…" />
  if (query.error)
    return (
      <ErrorBanner
        title="Could not load work items."
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    )
  const { items, outputs } = query.data
  return (
    <div className="run-work-items">
      <h3 className="run-detail__subtitle">Input work items</h3>
      {items.length === 0 ? (
        <EmptyState title="No work items." />
      ) : (
        <ul className="work-item-list">
          {items.map((item) => (
            <li key={item.id} className="work-item" data-work-item-id={item.id}>
              <div className="work-item__line">
                <code>{item.id}</code>
                <span className={`step-state step-state--${item.state}`}>{item.state}</span>
                {item.files.length > 0 && (
                  <span className="work-item__files">{item.files.map((f) => f.name).join(', ')}</span>
                )}
              </div>
              {item.exception && (
                <p className="work-item__exception">
                  {item.exception.type} · {item.exception.code}
                  {item.exception.message ? `: ${item.exception.message}` : ''}
                </p>
              )}
              {item.payload !== undefined && <Payload value={item.payload} />}
            </li>
          ))}
        </ul>
      )}
      <h3 className="run-detail__subtitle">Outputs</h3>
      {outputs.length === 0 ? (
        <EmptyState title={active ? 'No outputs yet.' : 'The run produced no outputs.'} />
      ) : (
        <ul className="work-item-list">
          {outputs.map((output) => (
            <li key={output.id} className="work-item" data-output-id={output.id}>
              <Payload value={output.payload} />
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function Payload({ value }: { value: JsonValue | null }) {
  return <pre className="json-block">{value === null ? 'null' : JSON.stringify(value, null, 2)}</pre>
}
