/**
 * A new process of the local room, as Control Room's process editor starts one: a name and its
 * steps in order, each a robot of the room and one of its tasks (only tasks the room can run are
 * offered). Steps get the room's default settings, edited afterwards in the process's steps. Checks
 * first that there is a name and that each step has its robot and task (named beside the field,
 * nothing sent); what the room refuses is shown in its words, with the form kept.
 */
import { useId, useRef, useState } from 'react'
import type { RoomProcess } from '../../../../shared/room-admin'
import {
  MAX_PROCESS_STEPS,
  type NewRoomStep,
  type RoomRobot,
  runnableTasks,
} from '../../../../shared/room-robots'
import { useAction } from '../../hooks/use-action'
import { ErrorBanner } from '../feedback'
import { ActionButtons } from '../forms/action-buttons'
import { CheckedForm } from '../forms/checked-form'
import { ChoiceSelect } from '../forms/choice-select'
import { FormField } from '../forms/form-field'

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

  const submit = async () => {
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
    <CheckedForm className="room-keys__form" aria-label="New process" onSubmit={submit}>
      <FormField
        label="Name"
        value={name}
        maxLength={255}
        problem={problems.name}
        onChange={(event) => setName(event.target.value)}
      />
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
              <ChoiceSelect
                label={`Robot of step ${index + 1}`}
                value={row.robotId}
                invalid={problem === 'Choose a robot.'}
                describedBy={described}
                onChange={(robotId) => setRobot(row.key, robotId)}
                choices={[
                  { value: '', label: robots === undefined ? 'Loading robots…' : 'Choose a robot…' },
                  ...usable.map((candidate) => ({ value: candidate.id, label: candidate.name })),
                ]}
              />
              <ChoiceSelect
                label={`Task of step ${index + 1}`}
                value={row.task}
                disabled={!robot}
                invalid={problem === 'Choose a task.'}
                describedBy={described}
                onChange={(task) => setTask(row.key, task)}
                choices={[
                  { value: '', label: 'Choose a task…' },
                  ...(robot
                    ? runnableTasks(robot).map((task) => ({ value: task.name, label: task.name }))
                    : []),
                ]}
              />
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
      <ActionButtons
        pending={action.pending}
        label="Create process"
        busyLabel="Creating…"
        onCancel={onCancel}
      />
    </CheckedForm>
  )
}
