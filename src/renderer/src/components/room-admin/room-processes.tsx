/**
 * The local Control Room's process editor: its processes, and for the one chosen, each step's
 * settings to edit and save. The owner credential it needs stays in main.
 */
import { useState } from 'react'
import type { RoomProcess, RoomStep } from '../../../../shared/room-admin'
import { useRoomProcesses } from '../../hooks/use-room-processes'
import { plural } from '../../lib/format'
import { EmptyState, ErrorBanner, LoadingState } from '../feedback'
import { RefreshButton } from '../panel'
import { StepSettingsEditor } from './step-settings-editor'

/** A step's editor starts again from the room's values whenever they change (after its save). */
const editorKey = (step: RoomStep) =>
  `${step.id}:${JSON.stringify([step.waitForPrevious, step.parallelExecutions, step.env])}`

/** The room's processes and, for the one chosen, each step's settings. */
export function RoomProcesses({ connectionId }: { connectionId: string }) {
  const { processes, saveStep } = useRoomProcesses(connectionId)
  const [chosenId, setChosenId] = useState<string | undefined>()
  const [savedStepId, setSavedStepId] = useState<string | undefined>()
  const list = processes.data ?? []
  const chosen = list.find((process) => process.id === chosenId) ?? list[0]

  return (
    <>
      <div className="room-keys__toolbar">
        <RefreshButton onClick={processes.reload} busy={processes.refreshing} label="Reload processes" />
      </div>
      {processes.error !== undefined && (
        <ErrorBanner
          title="Could not read the local Control Room’s processes."
          error={processes.error}
          onRetry={processes.reload}
        />
      )}
      {processes.loading ? (
        <LoadingState label="Reading the room’s processes…" />
      ) : !chosen ? (
        processes.error === undefined && <EmptyState title="The room has no processes." />
      ) : (
        <div className="room-admin__layout">
          <nav aria-label="Room processes">
            <ul className="room-admin__processes">
              {list.map((process) => (
                <li key={process.id}>
                  <button
                    type="button"
                    className="room-admin__process"
                    aria-current={process.id === chosen.id}
                    onClick={() => setChosenId(process.id)}
                  >
                    <span className="room-admin__process-name">{process.name}</span>
                    <span className="room-admin__process-steps">{plural(process.steps.length, 'step')}</span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <ProcessSteps
            process={chosen}
            savedStepId={savedStepId}
            onSave={async (step, settings) => {
              setSavedStepId(undefined)
              await saveStep(chosen, step.id, settings)
              setSavedStepId(step.id)
            }}
          />
        </div>
      )}
    </>
  )
}

function ProcessSteps({
  process,
  savedStepId,
  onSave,
}: {
  process: RoomProcess
  savedStepId: string | undefined
  onSave(
    step: RoomStep,
    settings: Parameters<typeof StepSettingsEditor>[0] extends { onSave(s: infer S): unknown } ? S : never,
  ): Promise<void>
}) {
  return (
    <section className="room-admin__steps" aria-label={`Steps of ${process.name}`}>
      <h3 className="room-admin__process-title">{process.name}</h3>
      {process.steps.map((step, index) => (
        <StepSettingsEditor
          key={editorKey(step)}
          step={step}
          position={index}
          saved={savedStepId === step.id}
          onSave={(settings) => onSave(step, settings)}
        />
      ))}
    </section>
  )
}
