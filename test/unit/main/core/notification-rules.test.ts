import { describe, expect, it } from 'vitest'
import {
  createNotifier,
  inQuietHours,
  ruleFor,
  runFinishedNotification,
} from '../../../../src/main/core/notification-rules'
import type { NotificationRule } from '../../../../src/main/core/settings/settings-schema'
import type { RunState } from '../../../../src/shared/domain'
import { runSummary } from '../../../support/fixtures'

const run = (id: string, state: RunState, processId = 'p1') =>
  runSummary({ connectionId: 'c1', id, state, processId, duration: 3 })
const rule = (when: NotificationRule['when'], extra: Partial<NotificationRule> = {}): NotificationRule => ({
  scope: { connectionId: 'c1' },
  when,
  onStart: false,
  ...extra,
})
const noon = () => new Date(2026, 0, 1, 12, 0)

describe('notification rules', () => {
  it('picks the process rule over the connection rule, and notifies every finish by default', () => {
    const rules = [rule('failures'), { ...rule('off'), scope: { connectionId: 'c1', processId: 'p2' } }]
    expect(ruleFor(rules, 'c1', 'p2').when).toBe('off')
    expect(ruleFor(rules, 'c1', 'p1').when).toBe('failures')
    expect(ruleFor(rules, 'c2', 'p1')).toEqual({ when: 'all', onStart: false })
  })

  it('applies the default rule (the empty scope) to every run with no rule of its own', () => {
    const everyRun: NotificationRule = { scope: {}, when: 'failures', onStart: true }
    const rules = [everyRun, { ...rule('off'), scope: { connectionId: 'c1', processId: 'p2' } }]
    expect(ruleFor(rules, 'c1', 'p2').when).toBe('off')
    expect(ruleFor(rules, 'c1', 'p1')).toBe(everyRun)
    expect(ruleFor(rules, 'c2', 'p9')).toBe(everyRun)
    expect(ruleFor([rule('all'), everyRun], 'c1', 'p1').when).toBe('all')
  })

  it('failures only: a success is silent, a failure offers its console and outputs', () => {
    const notifier = createNotifier(() => [rule('failures')], noon)
    expect(notifier.decide('finished', run('1', 'completed'))).toBeNull()
    expect(notifier.decide('finished', run('2', 'unresolved'), 'Prod')).toEqual({
      connectionId: 'c1',
      runId: '2',
      processId: 'p1',
      title: 'Echo payload ended unresolved',
      body: 'Run finished in 3.0 s (Prod).',
      actions: ['open', 'console', 'outputs'],
    })
  })

  it('failures and recovery: the first success after a failure, then silence', () => {
    const notifier = createNotifier(() => [rule('failures_and_recovery')], noon)
    const shown = ['completed', 'unresolved', 'completed', 'completed'].map(
      (state, i) => notifier.decide('finished', run(String(i), state as RunState)) !== null,
    )
    expect(shown).toEqual([false, true, true, false])
  })

  it('notifies a start only when asked, and nothing at all when off', () => {
    expect(createNotifier(() => [], noon).decide('started', run('1', 'in_progress'))).toBeNull()
    const starting = createNotifier(() => [rule('all', { onStart: true })], noon)
    expect(starting.decide('started', run('1', 'in_progress'))).toMatchObject({
      title: 'Echo payload started',
      actions: ['open'],
    })
    const off = createNotifier(() => [rule('off', { onStart: true })], noon)
    expect(off.decide('started', run('1', 'in_progress'))).toBeNull()
    expect(off.decide('finished', run('1', 'unresolved'))).toBeNull()
  })

  it('keeps quiet hours, across midnight too', () => {
    const night = { from: '22:00', to: '07:00' }
    expect(inQuietHours(night, new Date(2026, 0, 1, 23, 30))).toBe(true)
    expect(inQuietHours(night, new Date(2026, 0, 1, 6, 59))).toBe(true)
    expect(inQuietHours(night, new Date(2026, 0, 1, 7, 0))).toBe(false)
    expect(inQuietHours({ from: '12:00', to: '13:00' }, noon())).toBe(true)
    const notifier = createNotifier(() => [rule('all', { quietHours: { from: '11:00', to: '13:00' } })], noon)
    expect(notifier.decide('finished', run('1', 'unresolved'))).toBeNull()
  })
})

describe('run finished notification', () => {
  it('names the process, the outcome and the duration', () => {
    expect(runFinishedNotification(runSummary({ duration: 4.2 }), 'Local Control Room')).toEqual({
      title: 'Echo payload completed',
      body: 'Run finished in 4.2 s (Local Control Room).',
    })
    const failed = runSummary({ state: 'unresolved', duration: 125 })
    expect(runFinishedNotification(failed)?.title).toBe('Echo payload ended unresolved')
    expect(runFinishedNotification(failed)?.body).toBe('Run finished in 2m 05s.')
  })

  it('is null for a run that has not finished, a stopping one included', () => {
    expect(runFinishedNotification(runSummary({ state: 'in_progress' }))).toBeNull()
    expect(runFinishedNotification(runSummary({ state: 'stopping' }))).toBeNull()
  })
})
