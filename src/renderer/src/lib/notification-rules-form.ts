/**
 * The notification rules as the Settings form edits them: one row per rule, the quiet hours as a
 * switch and two times, and the checks made before anything is sent (main checks again, and names
 * an unknown workspace itself).
 */
import type { NotificationRule } from '../../../shared/settings'

export type When = NotificationRule['when']

/** The choices of "Notify", in the words the page uses. */
export const WHEN_LABELS: Record<When, string> = {
  all: 'Every finished run',
  failures: 'Failures only',
  failures_and_recovery: 'Failures, and the first success after one',
  off: 'Off',
}

export interface RuleRow {
  /** Stable across edits, so React keeps each row's inputs (and focus) in place. */
  key: number
  connectionId: string
  /** Empty: the rule is the whole workspace's. */
  processId: string
  when: When
  onStart: boolean
  quiet: boolean
  from: string
  to: string
}

let nextKey = 0

export const rowOf = (rule: NotificationRule): RuleRow => ({
  key: nextKey++,
  connectionId: rule.scope.connectionId,
  processId: 'processId' in rule.scope ? rule.scope.processId : '',
  when: rule.when,
  onStart: rule.onStart,
  quiet: rule.quietHours !== undefined,
  from: rule.quietHours?.from ?? '22:00',
  to: rule.quietHours?.to ?? '07:00',
})

/** A new rule: the first workspace's, as notifying as the rule-less default, so adding one changes nothing. */
export const newRow = (connectionId: string): RuleRow =>
  rowOf({ scope: { connectionId }, when: 'all', onStart: false })

const HOUR_MINUTE = /^([01]\d|2[0-3]):[0-5]\d$/

const ruleOf = (row: RuleRow): NotificationRule => ({
  scope: row.processId
    ? { connectionId: row.connectionId, processId: row.processId }
    : { connectionId: row.connectionId },
  when: row.when,
  onStart: row.onStart,
  ...(row.quiet && { quietHours: { from: row.from, to: row.to } }),
})

/** Each row's problem by its key; the rules to send only when there is none. */
export function checkRows(rows: RuleRow[]): { problems: Map<number, string>; rules?: NotificationRule[] } {
  const problems = new Map<number, string>()
  const scopes = new Set<string>()
  for (const row of rows) {
    const scope = `${row.connectionId}\u0000${row.processId}`
    if (!row.connectionId) problems.set(row.key, 'Choose a workspace.')
    else if (scopes.has(scope))
      problems.set(row.key, 'An earlier rule is for the same workspace and process: keep one of them.')
    else if (row.quiet && !(HOUR_MINUTE.test(row.from) && HOUR_MINUTE.test(row.to)))
      problems.set(row.key, 'Quiet hours need a start and an end time, as hours and minutes.')
    else if (row.quiet && row.from === row.to)
      problems.set(row.key, 'Quiet hours must start and end at different times.')
    scopes.add(scope)
  }
  return problems.size > 0 ? { problems } : { problems, rules: rows.map(ruleOf) }
}
