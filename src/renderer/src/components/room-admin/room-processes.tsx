/**
 * The local Control Room's process editor: its processes, and for the one chosen, each step's
 * settings to edit and save; a new process (a name and its steps: robots' tasks) and a process
 * deleted after a confirmation. The owner credential it needs stays in main.
 */
import { useRef, useState } from 'react'
import type { RoomProcess, RoomStep } from '../../../../shared/room-admin'
import { useRoomProcesses } from '../../hooks/use-room-processes'
import { useRoomRobots } from '../../hooks/use-room-robots'
import { plural } from '../../lib/format'
import { EmptyState, ErrorBanner, LoadingState } from '../feedback'
import { RemoveButton } from '../forms/remove-button'
import { RefreshButton } from '../panel'
import { NewProcessForm } from './new-process-form'
import { StepSettingsEditor } from './step-settings-editor'
import './room-robots.css'

/** A step's editor starts again from the room's values whenever they change (after its save). */
const editorKey = (step: RoomStep) =>
  `${step.id}:${JSON.stringify([step.waitForPrevious, step.parallelExecutions, step.env])}`

/** The room's processes and, for the one chosen, each step's settings. */
export function RoomProcesses({ connectionId }: { connectionId: string }) {
  const { processes, saveStep, create, remove } = useRoomProcesses(connectionId)
  const [chosenId, setChosenId] = useState<string | undefined>()
  const [savedStepId, setSavedStepId] = useState<string | undefined>()
  const [adding, setAdding] = useState(false)
  const addButton = useRef<HTMLButtonElement>(null)
  const list = processes.data ?? []
  const chosen = list.find((process) => process.id === chosenId) ?? list[0]

  return (
    <>
      <div className="room-keys__toolbar">
        <button
          ref={addButton}
          type="button"
          className="button button--small button--primary"
          aria-expanded={adding}
          onClick={() => setAdding((open) => !open)}
        >
          New process
        </button>
        <RefreshButton onClick={processes.reload} busy={processes.refreshing} label="Reload processes" />
      </div>
      {adding && (
        <div className="room-keys">
          <NewProcessFormWithRobots
            connectionId={connectionId}
            onCreate={async (name, steps) => {
              const created = await create(name, steps)
              setAdding(false)
              setChosenId(created.id)
              return created
            }}
            onCancel={() => {
              setAdding(false)
              addButton.current?.focus()
            }}
          />
        </div>
      )}
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
            onDelete={() => remove(chosen.id)}
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

/** The form, over the room's robots (read only while it is open). */
function NewProcessFormWithRobots({
  connectionId,
  ...props
}: { connectionId: string } & Omit<Parameters<typeof NewProcessForm>[0], 'robots'>) {
  const { robots } = useRoomRobots(connectionId)
  return (
    <>
      {robots.error !== undefined && (
        <ErrorBanner title="Could not read the room’s robots." error={robots.error} onRetry={robots.reload} />
      )}
      <NewProcessForm robots={robots.data} {...props} />
    </>
  )
}

function ProcessSteps({
  process,
  onDelete,
  savedStepId,
  onSave,
}: {
  process: RoomProcess
  onDelete(): Promise<unknown>
  savedStepId: string | undefined
  onSave(
    step: RoomStep,
    settings: Parameters<typeof StepSettingsEditor>[0] extends { onSave(s: infer S): unknown } ? S : never,
  ): Promise<void>
}) {
  return (
    <section className="room-admin__steps" aria-label={`Steps of ${process.name}`}>
      <div className="room-robots__process-head">
        <h3 className="room-admin__process-title">{process.name}</h3>
        <RemoveButton
          key={process.id}
          verb="Delete"
          kind="process"
          name={process.name}
          confirm="Delete process"
          onConfirm={onDelete}
        >
          <p>Its runs and their work items are deleted with it. This cannot be undone.</p>
        </RemoveButton>
      </div>
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
