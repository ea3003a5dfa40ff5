/**
 * Import a robot into the local room: the absolute path of a robot folder or a robot zip on this
 * machine, typed (web mode and desktop alike) or, in the desktop app, chosen in the system's file
 * dialog; an optional name. Nothing is sent without a path; what the room refuses (no robot.yaml, a
 * zip entry escaping the folder, not a zip…) is shown in its words, with the form kept.
 */
import { type FormEvent, useId, useState } from 'react'
import type { PathKind, RoomRobot } from '../../../../shared/room-robots'
import { useAction } from '../../hooks/use-action'
import { ErrorBanner } from '../feedback'

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
  const ids = useId()

  const choose = async (kind: PathKind) => {
    const chosen = await chooser.run(() => (choosePath ? choosePath(kind) : Promise.resolve(null)))
    if (!chosen) return
    setPath(chosen)
    setProblem(undefined)
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
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
    <form
      className="room-keys__form room-robots__import"
      aria-label="Import a robot"
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <div className="room-robots__import-row">
        <label className="room-keys__field room-robots__path">
          Path
          <input
            className="input input--small"
            value={path}
            spellCheck={false}
            placeholder={choosePath ? '' : '/home/me/robots/my-robot or …/my-robot.zip'}
            aria-invalid={problem !== undefined}
            aria-describedby={`${ids}-path`}
            onChange={(event) => {
              setPath(event.target.value)
              setImported(undefined)
            }}
          />
        </label>
        {choosePath && (
          <>
            <button
              type="button"
              className="button button--small"
              disabled={chooser.pending}
              onClick={() => void choose('folder')}
            >
              Choose folder…
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={chooser.pending}
              onClick={() => void choose('zip')}
            >
              Choose zip…
            </button>
          </>
        )}
      </div>
      <span id={`${ids}-path`} className={`room-keys__hint ${problem ? 'is-error' : ''}`}>
        {problem ??
          'The absolute path, on this machine, of a robot folder (with its robot.yaml) or of a robot zip. The room keeps its own copy.'}
      </span>
      <div className="room-robots__import-row">
        <label className="room-keys__field">
          Name
          <input
            className="input input--small room-robots__name"
            value={name}
            maxLength={255}
            placeholder="optional: the folder’s or zip’s name"
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <button type="submit" className="button button--small button--primary" disabled={action.pending}>
          {action.pending ? 'Importing…' : 'Import'}
        </button>
        {imported && (
          <span className="step-editor__saved" role="status">
            Imported “{imported}”.
          </span>
        )}
      </div>
      {chooser.error !== undefined && <ErrorBanner title="Cannot choose." error={chooser.error} />}
      {action.error !== undefined && <ErrorBanner title="Not imported." error={action.error} />}
    </form>
  )
}
