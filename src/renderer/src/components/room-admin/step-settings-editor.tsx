/**
 * One step's settings in the process editor: wait for the previous step, parallel executions and
 * environment variables (name/value rows). Save checks the form first and names each problem beside
 * its field; what the room itself refuses is shown above the Save button in the room's words.
 */
import { useId, useState } from 'react'
import { MAX_PARALLEL_EXECUTIONS, type RoomStep, type StepSettings } from '../../../../shared/room-admin'
import { useAction } from '../../hooks/use-action'
import {
  checkForm,
  emptyRow,
  formOf,
  type StepForm,
  type StepFormProblems,
} from '../../lib/step-settings-form'
import { ErrorBanner } from '../feedback'
import { PendingButton } from '../forms/action-buttons'
import { CheckedForm } from '../forms/checked-form'

/** A variable's name and value cells: small, and no spelling marks under identifiers and values. */
const VARIABLE_CELL = { className: 'input input--small', spellCheck: false } as const

interface StepSettingsEditorProps {
  step: RoomStep
  /** 0 for the first step, which has no previous step to wait for. */
  position: number
  /** This step's settings were just saved (shown until the form is changed again). */
  saved: boolean
  onSave(settings: StepSettings): Promise<unknown>
}

export function StepSettingsEditor({ step, position, saved, onSave }: StepSettingsEditorProps) {
  const [form, setForm] = useState<StepForm>(() => formOf(step))
  const [problems, setProblems] = useState<StepFormProblems | undefined>()
  const [touched, setTouched] = useState(false)
  const action = useAction()
  const ids = useId()
  const first = position === 0
  const title = `Step ${position + 1}: ${step.name}`

  const change = (next: Partial<StepForm>) => {
    setForm((current) => ({ ...current, ...next }))
    setTouched(true)
  }
  const setRow = (key: number, field: 'name' | 'value', value: string) =>
    change({ variables: form.variables.map((row) => (row.key === key ? { ...row, [field]: value } : row)) })

  const submit = async () => {
    const checked = checkForm(form)
    setProblems(checked.problems)
    if (!checked.settings) return
    const { settings } = checked
    setTouched(false)
    await action.run(() => onSave(settings))
  }

  const parallelProblem = problems?.parallelExecutions
  return (
    <CheckedForm className="step-editor" aria-label={title} onSubmit={submit}>
      <h4 className="step-editor__title">
        {title}
        <span className="step-editor__robot">
          {step.robotName ?? 'robot removed'}
          {step.task && step.task !== step.name && ` · ${step.task}`}
        </span>
      </h4>

      <label className="step-editor__check">
        <input
          type="checkbox"
          checked={first || form.waitForPrevious}
          disabled={first}
          aria-describedby={first ? `${ids}-first` : undefined}
          onChange={(event) => change({ waitForPrevious: event.target.checked })}
        />
        Wait for the previous step
      </label>
      {first && (
        <span id={`${ids}-first`} className="step-editor__hint">
          The first step has no previous step: it starts with the run.
        </span>
      )}

      <label className="step-editor__field">
        Parallel executions
        <input
          className="input input--small step-editor__number"
          type="number"
          min={1}
          max={MAX_PARALLEL_EXECUTIONS}
          step={1}
          value={form.parallelExecutions}
          aria-invalid={parallelProblem !== undefined}
          aria-describedby={`${ids}-parallel`}
          onChange={(event) => change({ parallelExecutions: event.target.value })}
        />
      </label>
      <span id={`${ids}-parallel`} className={`step-editor__hint ${parallelProblem ? 'is-error' : ''}`}>
        {parallelProblem ?? `Step runs of this step at once in one run, 1 to ${MAX_PARALLEL_EXECUTIONS}.`}
      </span>

      <fieldset className="step-editor__variables">
        <legend>Environment variables</legend>
        {form.variables.length === 0 && <p className="step-editor__hint">None.</p>}
        {form.variables.map((row, index) => {
          const problem = problems?.variables[row.key]
          const problemId = `${ids}-variable-${row.key}`
          return (
            <div key={row.key} className="step-editor__variable">
              <input
                {...VARIABLE_CELL}
                aria-label={`Name of variable ${index + 1}`}
                placeholder="NAME"
                value={row.name}
                aria-invalid={problem !== undefined}
                aria-describedby={problem ? problemId : undefined}
                onChange={(event) => setRow(row.key, 'name', event.target.value)}
              />
              <input
                {...VARIABLE_CELL}
                aria-label={`Value of variable ${index + 1}`}
                placeholder="value"
                value={row.value}
                onChange={(event) => setRow(row.key, 'value', event.target.value)}
              />
              <button
                type="button"
                className="button button--small button--ghost"
                aria-label={`Remove variable ${index + 1}`}
                onClick={() => change({ variables: form.variables.filter((other) => other.key !== row.key) })}
              >
                Remove
              </button>
              {problem && (
                <span id={problemId} className="step-editor__hint is-error step-editor__row-problem">
                  {problem}
                </span>
              )}
            </div>
          )
        })}
        {problems?.variableCount && (
          <span className="step-editor__hint is-error">{problems.variableCount}</span>
        )}
        <button
          type="button"
          className="button button--small"
          onClick={() => change({ variables: [...form.variables, emptyRow()] })}
        >
          Add variable
        </button>
        <span className="step-editor__hint">
          Shown to anyone who can manage the room: settings, not a place for secrets.
        </span>
      </fieldset>

      {action.error !== undefined && <ErrorBanner title="Not saved." error={action.error} />}
      <div className="step-editor__actions">
        <PendingButton pending={action.pending} label="Save" busyLabel="Saving…" />
        {saved && !touched && action.error === undefined && (
          <span className="step-editor__saved" role="status">
            Saved.
          </span>
        )}
      </div>
    </CheckedForm>
  )
}
