/**
 * A new process of the local room, as Control Room's process editor starts one: a name and its
 * steps in order, each a robot of the room and one of its tasks (only tasks the room can run are
 * offered). Steps get the room's default settings, edited afterwards in the process's steps. Checks
 * first that there is a name and that each step has its robot and task (named beside the field,
 * nothing sent); what the room refuses is shown in its words, with the form kept.
 */
import { type FormEvent, useId, useRef, useState } from 'react'
import type { RoomProcess } from '../../../../shared/room-admin'
import {
  MAX_PROCESS_STEPS,
  type NewRoomStep,
  type RoomRobot,
  runnableTasks,
} from '../../../../shared/room-robots'
import { useAction } from '../../hooks/use-action'
import { ErrorBanner } from '../feedback'

interface StepRow {
  key: number
  robotId: string
  task: string
}

interface NewProcessFormProps {
  /** The room's robots; undefined while they load. */
  robots: readonly RoomRobot[] | undefined
  onCreate(name: string, steps: NewRoomStep[]): Promise<RoomProcess>
  onCancel(): void
}

export function NewProcessForm({ robots, onCreate, onCancel }: NewProcessFormProps) {
  const usable = (robots ?? []).filter((robot) => runnableTasks(robot).length > 0)
  const nextKey = useRef(1)
  const [name, setName] = useState('')
  const [rows, setRows] = useState<StepRow[]>([{ key: 0, robotId: '', task: '' }])
  const [problems, setProblems] = useState<{ name?: string; rows: Record<number, string> }>({ rows: {} })
  const action = useAction()
  const ids = useId()

  const setRobot = (key: number, robotId: string) => {
    const robot = usable.find((candidate) => candidate.id === robotId)
    const tasks = robot ? runnableTasks(robot) : []
    // A robot of one task has its task chosen with it.
    const task = tasks.length === 1 ? (tasks[0]?.name ?? '') : ''
    setRows((current) => current.map((row) => (row.key === key ? { ...row, robotId, task } : row)))
  }
  const setTask = (key: number, task: string) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, task } : row)))

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const found: { name?: string; rows: Record<number, string> } = { rows: {} }
    if (!name.trim()) found.name = 'Give the process a name.'
    for (const row of rows) {
      if (!row.robotId) found.rows[row.key] = 'Choose a robot.'
      else if (!row.task) found.rows[row.key] = 'Choose a task.'
    }
    setProblems(found)
    if (found.name || Object.keys(found.rows).length > 0) return
    await action.run(() =>
      onCreate(
        name.trim(),
        rows.map(({ robotId, task }) => ({ robotId, task })),
      ),
    )
  }

  return (
    <form
      className="room-keys__form"
      aria-label="New process"
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <label className="room-keys__field">
        Name
        <input
          className="input input--small room-robots__name"
          value={name}
          maxLength={255}
          aria-invalid={problems.name !== undefined}
          aria-describedby={problems.name ? `${ids}-name` : undefined}
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      {problems.name && (
        <span id={`${ids}-name`} className="room-keys__hint is-error">
          {problems.name}
        </span>
      )}
      <fieldset className="room-robots__steps">
        <legend>Steps</legend>
        {robots !== undefined && usable.length === 0 && (
          <p className="room-keys__hint is-error">
            The room has no robot with a task it can run: import one in the Robots tab first.
          </p>
        )}
        {rows.map((row, index) => {
          const robot = usable.find((candidate) => candidate.id === row.robotId)
          const problem = problems.rows[row.key]
          const problemId = `${ids}-step-${row.key}`
          const described = problem ? problemId : undefined
          return (
            <div key={row.key} className="room-robots__step">
              <span className="room-robots__step-number">Step {index + 1}</span>
              <select
                className="input input--small"
                aria-label={`Robot of step ${index + 1}`}
                value={row.robotId}
                aria-invalid={problem === 'Choose a robot.'}
                aria-describedby={described}
                onChange={(event) => setRobot(row.key, event.target.value)}
              >
                <option value="">{robots === undefined ? 'Loading robots…' : 'Choose a robot…'}</option>
                {usable.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name}
                  </option>
                ))}
              </select>
              <select
                className="input input--small"
                aria-label={`Task of step ${index + 1}`}
                value={row.task}
                disabled={!robot}
                aria-invalid={problem === 'Choose a task.'}
                aria-describedby={described}
                onChange={(event) => setTask(row.key, event.target.value)}
              >
                <option value="">Choose a task…</option>
                {robot &&
                  runnableTasks(robot).map((task) => (
                    <option key={task.name} value={task.name}>
                      {task.name}
                    </option>
                  ))}
              </select>
              {rows.length > 1 && (
                <button
                  type="button"
                  className="button button--small button--ghost"
                  aria-label={`Remove step ${index + 1}`}
                  onClick={() => setRows((current) => current.filter((other) => other.key !== row.key))}
                >
                  Remove
                </button>
              )}
              {problem && (
                <span id={problemId} className="room-keys__hint is-error">
                  {problem}
                </span>
              )}
            </div>
          )
        })}
        <button
          type="button"
          className="button button--small"
          disabled={rows.length >= MAX_PROCESS_STEPS}
          onClick={() => {
            const key = nextKey.current++
            setRows((current) => [...current, { key, robotId: '', task: '' }])
          }}
        >
          Add step
        </button>
        <span className="room-keys__hint">
          Each step runs with the room’s default settings; change them in the process’s steps once it is
          created.
        </span>
      </fieldset>
      {action.error !== undefined && <ErrorBanner title="Not created." error={action.error} />}
      <div className="room-keys__buttons">
        <button type="submit" className="button button--small button--primary" disabled={action.pending}>
          {action.pending ? 'Creating…' : 'Create process'}
        </button>
        <button type="button" className="button button--small button--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
