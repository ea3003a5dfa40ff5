/**
 * Settings › Notifications: the rule every run follows unless a workspace or process has its own,
 * and those rules, edited together and saved at once (settings.setNotificationRules replaces them).
 * The form's checks are named beside each rule; what main refuses is shown in its words.
 */
import { type FormEvent, useState } from 'react'
import type { ConnectionSummary, ProcessSummary } from '../../../../shared/domain'
import type { NotificationRule } from '../../../../shared/settings'
import { useAction } from '../../hooks/use-action'
import { checkRows, newRow, type RuleRow, rowOf } from '../../lib/notification-rules-form'
import { ErrorBanner } from '../feedback'
import { NotificationRuleRow } from './notification-rule-row'
import { SaveButton, SettingsSection } from './settings-section'

interface NotificationRulesSectionProps {
  rules: NotificationRule[]
  connections: ConnectionSummary[]
  processes: ProcessSummary[]
  onSave(rules: NotificationRule[]): Promise<unknown>
}

export function NotificationRulesSection({
  rules,
  connections,
  processes,
  onSave,
}: NotificationRulesSectionProps) {
  const [rows, setRows] = useState(() => rules.map(rowOf))
  const [problems, setProblems] = useState(new Map<number, string>())
  const [saved, setSaved] = useState(false)
  const action = useAction()

  const edit = (next: RuleRow[]) => {
    setRows(next)
    setSaved(false)
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const checked = checkRows(rows)
    setProblems(checked.problems)
    if (!checked.rules) return
    const { rules: toSave } = checked
    const answer = await action.run(() => onSave(toSave))
    setSaved(answer !== undefined)
  }

  return (
    <SettingsSection title="Notifications" onSubmit={submit}>
      <p className="settings-hint">
        Without a rule of its own, a run is announced when it finishes, whatever its outcome, not when it
        starts, at any hour. A process’s rule comes before its workspace’s.
      </p>
      {rows.length === 0 && <p className="settings-hint">No rules: every run follows the default above.</p>}
      {rows.map((row, position) => (
        <NotificationRuleRow
          key={row.key}
          row={row}
          position={position}
          connections={connections}
          processes={processes}
          problem={problems.get(row.key)}
          onChange={(next) =>
            edit(rows.map((other) => (other.key === row.key ? { ...other, ...next } : other)))
          }
          onRemove={() => edit(rows.filter((other) => other.key !== row.key))}
        />
      ))}
      <div className="settings-actions">
        <button
          type="button"
          className="button button--small"
          disabled={connections.length === 0}
          onClick={() => edit([...rows, newRow(connections[0]?.id ?? '')])}
        >
          Add rule
        </button>
      </div>
      {action.error !== undefined && <ErrorBanner title="Rules not saved." error={action.error} />}
      <SaveButton pending={action.pending} saved={saved && action.error === undefined} />
    </SettingsSection>
  )
}
