/** What the OS notification says when a run finishes. */
import type { RunSummary } from '../../shared/domain'
import { formatDuration } from '../../shared/duration'
import { isFinalRunState } from '../../shared/runs'
import { ruleConnection, ruleProcess } from '../../shared/settings'
import type { NotificationRule } from './settings/settings-schema'

export interface NotificationContent {
  title: string
  body: string
}

/** The notification for a finished run, or null for a run that is not final. */
export function runFinishedNotification(
  run: RunSummary,
  connectionName?: string,
): NotificationContent | null {
  if (!isFinalRunState(run.state)) return null
  const outcome = run.state === 'completed' ? 'completed' : 'ended unresolved'
  const took = run.duration === null ? '' : ` in ${formatDuration(run.duration)}`
  const where = connectionName ? ` (${connectionName})` : ''
  return { title: `${run.processName} ${outcome}`, body: `Run finished${took}${where}.` }
}

/** What a notification offers besides opening the run: a failure's console and outputs. */
export type NotificationAction = 'open' | 'console' | 'outputs'

export interface RunNotification extends NotificationContent {
  /** Enough to open the run. */
  connectionId: string
  runId: string
  processId: string
  actions: NotificationAction[]
}

type Rule = Pick<NotificationRule, 'when' | 'onStart' | 'quietHours'>
/** Without any rule that applies: notify every finish, never a start, at any hour. */
const BUILT_IN_RULE: Rule = { when: 'all', onStart: false }

/** The rule for a run: the process's own, else the connection's, else the default rule, else notify every finish. */
export function ruleFor(rules: NotificationRule[], connectionId: string, processId: string): Rule {
  const forProcess = rules.find(
    (rule) => ruleConnection(rule) === connectionId && ruleProcess(rule) === processId,
  )
  const forConnection = rules.find(
    (rule) => ruleConnection(rule) === connectionId && ruleProcess(rule) === undefined,
  )
  const forEveryRun = rules.find((rule) => ruleConnection(rule) === undefined)
  return forProcess ?? forConnection ?? forEveryRun ?? BUILT_IN_RULE
}

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

/** Whether `now` (local time) falls in the quiet hours; a span like 22:00-07:00 crosses midnight. */
export function inQuietHours(quiet: Rule['quietHours'], now: Date): boolean {
  if (!quiet) return false
  const at = now.getHours() * 60 + now.getMinutes()
  const from = minutes(quiet.from)
  const to = minutes(quiet.to)
  return from <= to ? at >= from && at < to : at >= from || at < to
}

export interface Notifier {
  /** The notification for a watcher event, or null when the rules say nothing should show. */
  decide(kind: 'started' | 'finished', run: RunSummary, connectionName?: string): RunNotification | null
}

/**
 * Applies the notification rules. It remembers each process's last outcome (in memory) so
 * `failures_and_recovery` can announce the first success after a failure.
 */
export function createNotifier(
  rules: () => NotificationRule[],
  now: () => Date = () => new Date(),
): Notifier {
  const lastFailed = new Map<string, boolean>()
  return {
    decide(kind, run, connectionName) {
      const rule = ruleFor(rules(), run.connectionId, run.processId)
      const key = `${run.connectionId}\u0000${run.processId}`
      const failed = run.state === 'unresolved'
      const previouslyFailed = lastFailed.get(key) ?? false
      if (kind === 'finished') lastFailed.set(key, failed)
      if (rule.when === 'off' || inQuietHours(rule.quietHours, now())) return null
      const where = { connectionId: run.connectionId, runId: run.id, processId: run.processId }
      if (kind === 'started') {
        if (!rule.onStart) return null
        const suffix = connectionName ? ` (${connectionName})` : ''
        return {
          ...where,
          title: `${run.processName} started`,
          body: `Run started${suffix}.`,
          actions: ['open'],
        }
      }
      const wanted =
        rule.when === 'all' || failed || (rule.when === 'failures_and_recovery' && previouslyFailed)
      const content = wanted ? runFinishedNotification(run, connectionName) : null
      if (!content) return null
      return { ...where, ...content, actions: failed ? ['open', 'console', 'outputs'] : ['open'] }
    },
  }
}
