/**
 * The notification rules as the Settings form edits them: the default rule (for every run with no
 * rule of its own) and one row per workspace or process rule, the quiet hours as a switch and two
 * times, and the checks made before anything is sent (main checks again, and names an unknown
 * workspace itself).
 */
import { type NotificationRule, ruleConnection, ruleProcess } from '../../../shared/settings'

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

/** What the core does with no rule at all: every finish, no start, any hour. */
const BUILT_IN: NotificationRule = { scope: {}, when: 'all', onStart: false }

let nextKey = 0

const rowOf = (rule: NotificationRule): RuleRow => ({
  key: nextKey++,
  connectionId: ruleConnection(rule) ?? '',
  processId: ruleProcess(rule) ?? '',
  when: rule.when,
  onStart: rule.onStart,
  quiet: rule.quietHours !== undefined,
  from: rule.quietHours?.from ?? '22:00',
  to: rule.quietHours?.to ?? '07:00',
})

/** The form of saved rules: the default rule (the built-in one when none is saved), then the others. */
export function formOf(rules: NotificationRule[]): { everyRun: RuleRow; rows: RuleRow[] } {
  const saved = rules.find((rule) => ruleConnection(rule) === undefined)
  return {
    everyRun: rowOf(saved ?? BUILT_IN),
    rows: rules.filter((rule) => ruleConnection(rule) !== undefined).map(rowOf),
  }
}

/** A new rule: the first workspace's, as notifying as the built-in default. */
export const newRow = (connectionId: string): RuleRow => rowOf({ ...BUILT_IN, scope: { connectionId } })

const HOUR_MINUTE = /^([01]\d|2[0-3]):[0-5]\d$/

const ruleOf = (row: RuleRow): NotificationRule => ({
  scope: !row.connectionId
    ? {}
    : row.processId
      ? { connectionId: row.connectionId, processId: row.processId }
      : { connectionId: row.connectionId },
  when: row.when,
  onStart: row.onStart,
  ...(row.quiet && { quietHours: { from: row.from, to: row.to } }),
})

const problemOf = (row: RuleRow): string | undefined => {
  if (row.quiet && !(HOUR_MINUTE.test(row.from) && HOUR_MINUTE.test(row.to)))
    return 'Quiet hours need a start and an end time, as hours and minutes.'
  if (row.quiet && row.from === row.to) return 'Quiet hours must start and end at different times.'
}

/**
 * Each row's problem by its key; the rules to send only when there is none. A default rule equal
 * to the built-in one is not sent, so the settings hold only what the person changed.
 */
export function checkForm(everyRun: RuleRow, rows: RuleRow[]) {
  const problems = new Map<number, string>()
  const defaultProblem = problemOf(everyRun)
  if (defaultProblem) problems.set(everyRun.key, defaultProblem)
  const scopes = new Set<string>()
  for (const row of rows) {
    const scope = `${row.connectionId}\u0000${row.processId}`
    const problem = !row.connectionId
      ? 'Choose a workspace.'
      : scopes.has(scope)
        ? 'An earlier rule is for the same workspace and process: keep one of them.'
        : problemOf(row)
    if (problem) problems.set(row.key, problem)
    scopes.add(scope)
  }
  if (problems.size > 0) return { problems }
  const everyRunRule = ruleOf({ ...everyRun, connectionId: '' })
  const isBuiltIn = JSON.stringify(everyRunRule) === JSON.stringify(BUILT_IN)
  return { problems, rules: [...(isBuiltIn ? [] : [everyRunRule]), ...rows.map(ruleOf)] }
}
