/**
 * Settings › Notifications: the default rule, for every run with no rule of its own, then the
 * workspace and process rules, edited together and saved at once (settings.setNotificationRules
 * replaces them all).
 * The form's checks are named beside each rule; what main refuses is shown in its words.
 */
import { useState } from 'react'
import type { ConnectionSummary, ProcessSummary } from '../../../../shared/domain'
import type { NotificationRule } from '../../../../shared/settings'
import { useAction } from '../../hooks/use-action'
import { checkForm, formOf, newRow, type RuleRow } from '../../lib/notification-rules-form'
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
  const [form, setForm] = useState(() => formOf(rules))
  const { everyRun, rows } = form
  const [problems, setProblems] = useState(new Map<number, string>())
  const [saved, setSaved] = useState(false)
  const action = useAction()

  const edit = (next: Partial<typeof form>) => {
    setForm((current) => ({ ...current, ...next }))
    setSaved(false)
  }
  const editRow = (key: number, next: Partial<RuleRow>) =>
    edit({ rows: rows.map((other) => (other.key === key ? { ...other, ...next } : other)) })
  const submit = async () => {
    const checked = checkForm(everyRun, rows)
    setProblems(checked.problems)
    if (!checked.rules) return
    const { rules: toSave } = checked
    const answer = await action.run(() => onSave(toSave))
    setSaved(answer !== undefined)
  }

  return (
    <SettingsSection title="Notifications" onSubmit={submit}>
      <NotificationRuleRow
        row={everyRun}
        title="Default rule"
        connections={connections}
        processes={processes}
        problem={problems.get(everyRun.key)}
        onChange={(next) => edit({ everyRun: { ...everyRun, ...next } })}
      />
      <p className="settings-hint">
        For every run with no rule of its own below. A process’s rule comes before its workspace’s.
      </p>
      {rows.map((row, position) => (
        <NotificationRuleRow
          key={row.key}
          row={row}
          title={`Rule ${position + 1}`}
          connections={connections}
          processes={processes}
          problem={problems.get(row.key)}
          onChange={(next) => editRow(row.key, next)}
          onRemove={() => edit({ rows: rows.filter((other) => other.key !== row.key) })}
        />
      ))}
      <div className="settings-actions">
        <button
          type="button"
          className="button button--small"
          disabled={connections.length === 0}
          onClick={() => edit({ rows: [...rows, newRow(connections[0]?.id ?? '')] })}
        >
          Add rule
        </button>
      </div>
      {action.error !== undefined && <ErrorBanner title="Rules not saved." error={action.error} />}
      <SaveButton pending={action.pending} saved={saved && action.error === undefined} />
    </SettingsSection>
  )
}
