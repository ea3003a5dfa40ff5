/**
 * runs.list's hand check against zod: on valid answers and on every field made hostile, it accepts
 * exactly what RunListResult accepts and returns the same value; checkResponse falls back to zod.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { checkResponse } from '../../../src/shared/bridge-response'
import { ProcessListResult, RunListResult } from '../../../src/shared/domain'
import { checkRunListResult } from '../../../src/shared/run-list-check'
import { runSummary } from '../../support/fixtures'

/** The hand check's verdict and value beside zod's: they must agree. */
function expectSameAsZod(answer: unknown) {
  const zod = RunListResult.safeParse(answer)
  const fast = checkRunListResult(answer)
  if (zod.success) expect(fast).toStrictEqual(zod.data)
  else expect(fast).toBeUndefined()
}

const HOSTILE: unknown[] = [
  undefined,
  null,
  0,
  -1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  '',
  'completed',
  true,
  {},
  [],
  ['x'],
  { type: 'api', user: null },
  { type: 'user' },
  { type: 1, user: null },
]

const validRun = () =>
  runSummary({
    id: 'r1',
    startedAt: '2026-01-01T00:00:01Z',
    startedBy: { type: 'user', user: 'Ada' },
  }) as Record<string, unknown>
const validFailure = () => ({ connectionId: 'c1', code: 'offline', message: 'Control Room does not answer' })
const answer = (run: unknown, failure: unknown = validFailure(), extra: Record<string, unknown> = {}) => ({
  runs: [runSummary({ id: 'r0' }), run],
  failures: [failure],
  next: 'cursor',
  ...extra,
})

describe('checkRunListResult', () => {
  it('returns what zod returns for valid answers, with unknown keys dropped', () => {
    expectSameAsZod({ runs: [], failures: [] })
    expectSameAsZod({ runs: [], failures: [], next: null })
    expectSameAsZod({ runs: [], failures: [], next: undefined })
    expectSameAsZod(answer(validRun()))
    expectSameAsZod(answer({ ...validRun(), startedBy: undefined }))
    expectSameAsZod(answer({ ...validRun(), extra: 'dropped', startedBy: { type: 'api', user: null, x: 1 } }))
    expectSameAsZod(answer(validRun(), { ...validFailure(), extra: true }, { extra: [1] }))
    const checked = checkRunListResult(answer({ ...validRun(), extra: 'dropped' }))
    expect(checked?.runs[1]).not.toHaveProperty('extra')
    expect(checked?.runs[1]?.startedBy).toEqual({ type: 'user', user: 'Ada' })
  })

  it('agrees with zod on every field of a run, a failure and the answer made hostile or left out', () => {
    const run = validRun()
    for (const key of [...Object.keys(run), 'startedBy']) {
      const without = { ...run }
      delete without[key]
      expectSameAsZod(answer(without))
      for (const value of HOSTILE) expectSameAsZod(answer({ ...run, [key]: value }))
    }
    for (const key of ['type', 'user'])
      for (const value of HOSTILE)
        expectSameAsZod(answer({ ...run, startedBy: { type: 'api', user: null, [key]: value } }))
    for (const key of Object.keys(validFailure()))
      for (const value of HOSTILE) expectSameAsZod(answer(run, { ...validFailure(), [key]: value }))
    for (const key of ['runs', 'failures', 'next']) {
      const whole: Record<string, unknown> = answer(run)
      delete whole[key]
      expectSameAsZod(whole)
      for (const value of HOSTILE) expectSameAsZod({ ...answer(run), [key]: value })
    }
    for (const value of HOSTILE) {
      expectSameAsZod(value)
      expectSameAsZod(answer(value))
      expectSameAsZod(answer(run, value))
    }
  })

  it('agrees with zod on arbitrary values in any field', () => {
    const field = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.constantFrom(...RunListResult.shape.runs.element.shape.state.options),
    )
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...Object.keys(validRun()), 'startedBy', 'x'), field),
        (fields) => {
          expectSameAsZod(answer({ ...validRun(), ...fields }))
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('checkResponse', () => {
  it('answers a valid run list by the hand check, with the value zod would give', () => {
    const runs = Array.from({ length: 1000 }, (_, i) => runSummary({ id: `r${i}` }))
    const checked = checkResponse(RunListResult, { runs, failures: [], next: null })
    expect(checked).toStrictEqual(RunListResult.safeParse({ runs, failures: [], next: null }))
  })

  it('leaves what the hand check does not accept to zod, whose error names the field', () => {
    const checked = checkResponse(RunListResult, {
      runs: [{ ...runSummary(), duration: 'soon' }],
      failures: [],
    })
    expect(checked.success).toBe(false)
    expect(z.prettifyError((checked as { error: z.ZodError }).error)).toContain('runs[0].duration')
  })

  it('checks other answers with their schema alone', () => {
    const answer = {
      processes: [{ connectionId: 'c', id: 'p', name: 'P', createdAt: 'x', extra: 1 }],
      failures: [],
    }
    expect(checkResponse(ProcessListResult, answer)).toStrictEqual(ProcessListResult.safeParse(answer))
    expect(checkResponse(ProcessListResult, { processes: 'no' }).success).toBe(false)
  })
})
