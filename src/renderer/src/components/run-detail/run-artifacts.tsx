/** The run's artifacts: a list to pick from, the picked one previewed, each one saved as a file. */
import { useState } from 'react'
import type { RunToOpen } from '../../../../shared/bridge'
import type { ArtifactSummary } from '../../../../shared/run-detail'
import { useRunArtifacts } from '../../hooks/use-run-detail'
import { formatBytes } from '../../lib/format'
import { EmptyState, ErrorBanner, LoadingState } from '../feedback'
import { ArtifactPreview } from './artifact-preview'
import { PermissionNote } from './permission-note'

interface RunArtifactsProps {
  run: RunToOpen
  active: boolean
  deniedReason: string | undefined
}

export function RunArtifacts({ run, active, deniedReason }: RunArtifactsProps) {
  const query = useRunArtifacts(run, active, !deniedReason)
  const [selected, setSelected] = useState<ArtifactSummary | undefined>()
  if (deniedReason) return <PermissionNote what="Artifacts" reason={deniedReason} />
  if (query.isPending) return <LoadingState label="Loading artifacts…" />
  if (query.error)
    return (
      <ErrorBanner
        title="Could not load artifacts."
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    )
  if (query.data.length === 0)
    return <EmptyState title={active ? 'No artifacts yet.' : 'The run left no artifacts.'} />
  const current = selected ?? query.data[0]
  return (
    <div className="run-artifacts">
      <ul className="artifact-list" aria-label="Artifacts">
        {query.data.map((artifact) => (
          <li key={`${artifact.stepRunId}/${artifact.id}`}>
            <button
              type="button"
              className={`artifact-list__item ${artifact === current ? 'is-selected' : ''}`}
              aria-pressed={artifact === current}
              onClick={() => setSelected(artifact)}
            >
              {/* The name is the visible words with the verb before them (WCAG 2.5.3: a voice
                  user says what they see): "Preview sales.csv 12 KB". */}
              <span className="visually-hidden">Preview </span>
              <span className="artifact-list__name">{artifact.name}</span>{' '}
              <span className="artifact-list__size">{formatBytes(artifact.size)}</span>
            </button>
          </li>
        ))}
      </ul>
      {current && (
        <ArtifactPreview
          key={`${current.stepRunId}/${current.id}`}
          connectionId={run.connectionId}
          artifact={current}
        />
      )}
    </div>
  )
}
