/**
 * One notification rule in Settings: which workspace and process it is for (not for the default
 * rule, which is for every other run and cannot be removed), when to notify, on start too, and
 * quiet hours. Its problem, if the form found one, is named under it.
 */
import { useId } from 'react'
import type { ConnectionSummary, ProcessSummary } from '../../../../shared/domain'
import { type RuleRow, WHEN_LABELS, type When } from '../../lib/notification-rules-form'
import { CheckboxField } from '../checkbox-field'
import { ChoiceSelect } from '../forms/choice-select'

interface NotificationRuleRowProps {
  row: RuleRow
  /** The legend, e.g. "Rule 2"; the remove button is named after it. */
  title: string
  connections: ConnectionSummary[]
  /** Every known process; the row offers those of its workspace. */
  processes: ProcessSummary[]
  problem: string | undefined
  onChange(next: Partial<RuleRow>): void
  /** Omitted for the default rule: it has no workspace or process and stays. */
  onRemove?(): void
}

export function NotificationRuleRow(props: NotificationRuleRowProps) {
  const { row, title, connections, processes, problem, onChange, onRemove } = props
  const ids = useId()
  const own = processes.filter((process) => process.connectionId === row.connectionId)
  // A rule may name a process the list does not hold (deleted, or its workspace unread): keep it.
  const missing = row.processId && !own.some((process) => process.id === row.processId)
  return (
    <fieldset
      className="settings-rule"
      aria-invalid={problem !== undefined}
      aria-describedby={problem ? `${ids}-problem` : undefined}
    >
      <legend>{title}</legend>
      {/* The default rule (the one that cannot be removed) is for every run: no scope to choose. */}
      {onRemove && (
        <>
          <label className="settings-field" htmlFor={`${ids}-workspace`}>
            Workspace
            <ChoiceSelect
              id={`${ids}-workspace`}
              value={row.connectionId}
              onChange={(connectionId) => onChange({ connectionId, processId: '' })}
              choices={[
                ...(connections.some((c) => c.id === row.connectionId)
                  ? []
                  : [{ value: row.connectionId, label: row.connectionId || 'Choose…' }]),
                ...connections.map((connection) => ({ value: connection.id, label: connection.name })),
              ]}
            />
          </label>
          <label className="settings-field" htmlFor={`${ids}-process`}>
            Process
            <ChoiceSelect
              id={`${ids}-process`}
              value={row.processId}
              onChange={(processId) => onChange({ processId })}
              choices={[
                { value: '', label: 'All processes' },
                ...(missing ? [{ value: row.processId, label: row.processId }] : []),
                ...own.map((process) => ({ value: process.id, label: process.name })),
              ]}
            />
          </label>
        </>
      )}
      <label className="settings-field" htmlFor={`${ids}-when`}>
        Notify
        <ChoiceSelect
          id={`${ids}-when`}
          className="settings-rule__when"
          value={row.when}
          onChange={(when) => onChange({ when: when as When })}
          choices={Object.entries(WHEN_LABELS).map(([when, label]) => ({ value: when, label }))}
        />
      </label>
      <CheckboxField
        className="settings-check"
        label="Also when a run starts"
        checked={row.onStart}
        onChecked={(onStart) => onChange({ onStart })}
      />
      <CheckboxField
        className="settings-check"
        label="Quiet hours"
        checked={row.quiet}
        onChecked={(quiet) => onChange({ quiet })}
      />
      {row.quiet && (
        <span className="settings-rule__quiet">
          <TimeField label="From" value={row.from} onChange={(from) => onChange({ from })} />
          <TimeField label="To" value={row.to} onChange={(to) => onChange({ to })} />
        </span>
      )}
      {onRemove && (
        <button type="button" className="button button--small button--ghost" onClick={onRemove}>
          Remove {title.toLowerCase()}
        </button>
      )}
      {problem && (
        <span id={`${ids}-problem`} className="settings-hint is-error settings-rule__problem">
          {problem}
        </span>
      )}
    </fieldset>
  )
}

function TimeField({
  label,
  value,
  onChange,
}: {
  label: string
  value: string
  onChange(value: string): void
}) {
  return (
    <label className="settings-field">
      {label}
      <input
        className="input input--small settings-rule__time"
        type="time"
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  )
}
