/**
 * Import a robot into the local room: the absolute path of a robot folder or a robot zip on this
 * machine, typed (web mode and desktop alike) or, in the desktop app, chosen in the system's file
 * dialog; an optional name. Nothing is sent without a path; what the room refuses (no robot.yaml, a
 * zip entry escaping the folder, not a zip…) is shown in its words, with the form kept.
 */
import { useState } from 'react'
import type { PathKind, RoomRobot } from '../../../../shared/room-robots'
import { useAction } from '../../hooks/use-action'
import { ErrorBanner } from '../feedback'
import { PendingButton } from '../forms/action-buttons'
import { CheckedForm } from '../forms/checked-form'
import { FormField } from '../forms/form-field'

/** What the desktop's file dialog can choose: a robot folder, or a robot zip. */
const PATH_KINDS: readonly PathKind[] = ['folder', 'zip']

interface RobotImportFormProps {
  onImport(path: string, name?: string): Promise<RoomRobot>
  /** The desktop's file dialog; absent in web mode, where only the typed path is offered. */
  choosePath?: ((kind: PathKind) => Promise<string | null>) | undefined
}

export function RobotImportForm({ onImport, choosePath }: RobotImportFormProps) {
  const [path, setPath] = useState('')
  const [name, setName] = useState('')
  const [problem, setProblem] = useState<string | undefined>()
  const [imported, setImported] = useState<string | undefined>()
  const action = useAction()
  const chooser = useAction()

  const choose = async (kind: PathKind) => {
    const chosen = await chooser.run(() => (choosePath ? choosePath(kind) : Promise.resolve(null)))
    if (!chosen) return
    setPath(chosen)
    setProblem(undefined)
  }

  const submit = async () => {
    setImported(undefined)
    const trimmed = path.trim()
    setProblem(trimmed ? undefined : 'Give the path of a robot folder or a robot zip.')
    if (!trimmed) return
    const robot = await action.run(() => onImport(trimmed, name.trim() || undefined))
    if (!robot) return
    setPath('')
    setName('')
    setImported(robot.name)
  }

  return (
    <CheckedForm
      className="room-keys__form room-robots__import"
      aria-label="Import a robot"
      onSubmit={submit}
    >
      <div className="room-robots__import-row">
        <FormField
          className="room-robots__path"
          label="Path"
          value={path}
          placeholder={choosePath ? '' : '/home/me/robots/my-robot or …/my-robot.zip'}
          problem={problem}
          hint="The absolute path, on this machine, of a robot folder (with its robot.yaml) or of a robot zip. The room keeps its own copy."
          onChange={(event) => {
            setPath(event.target.value)
            setImported(undefined)
          }}
        />
        {choosePath &&
          PATH_KINDS.map((kind) => (
            <button
              key={kind}
              type="button"
              className="button button--small"
              disabled={chooser.pending}
              onClick={() => void choose(kind)}
            >
              Choose {kind}…
            </button>
          ))}
      </div>
      <div className="room-robots__import-row">
        <FormField
          label="Name"
          value={name}
          maxLength={255}
          placeholder="optional: the folder’s or zip’s name"
          onChange={(event) => setName(event.target.value)}
        />
        <PendingButton pending={action.pending} label="Import" busyLabel="Importing…" />
        {imported && (
          <span className="step-editor__saved" role="status">
            Imported “{imported}”.
          </span>
        )}
      </div>
      {chooser.error !== undefined && <ErrorBanner title="Cannot choose." error={chooser.error} />}
      {action.error !== undefined && <ErrorBanner title="Not imported." error={action.error} />}
    </CheckedForm>
  )
}
