/**
 * runs.list's answer checked by hand, in one pass: the rules of the contract's RunListResult schema
 * (domain.ts) and the value zod would return (a copy holding only the schema's keys). The window's
 * CSP leaves zod no compiled validators, and its generic path took ~80 ms for a 10,000-run answer
 * before the feed could render; this takes a few. Hand-written because zod has no cheaper mode.
 *
 * It only ever answers "valid, here is the value" or "not sure": for anything it does not accept,
 * the caller asks zod, which then decides and words the error. A test holds it to zod's verdict and
 * value on valid and hostile answers, so the schema stays the one statement of the rules.
 */
import { type ConnectionFailure, type RunListResult, RunState, type RunSummary } from './domain'

type Fields = Record<string, unknown>

// zod's object test: any non-null object but an array (a class instance passes too).
const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const isString = (value: unknown): value is string => typeof value === 'string'
const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string'
// zod 4's z.number() refuses NaN and the infinities.
const isNumberOrNull = (value: unknown): value is number | null =>
  value === null || (typeof value === 'number' && Number.isFinite(value))

const RUN_STATES: ReadonlySet<unknown> = new Set(RunState.options)

/** One RunSummary as zod parses it, or undefined when it is not one. */
function checkRun(input: unknown): RunSummary | undefined {
  if (!isObject(input)) return undefined
  const { connectionId, id, processId, processName, state, createdAt, startedAt, endedAt, duration } = input
  if (
    !isString(connectionId) ||
    !isString(id) ||
    !isString(processId) ||
    !isString(processName) ||
    !RUN_STATES.has(state) ||
    !isString(createdAt) ||
    !isStringOrNull(startedAt) ||
    !isStringOrNull(endedAt) ||
    !isNumberOrNull(duration)
  ) {
    return undefined
  }
  const run: RunSummary = {
    connectionId,
    id,
    processId,
    processName,
    state: state as RunState,
    createdAt,
    startedAt,
    endedAt,
    duration,
  }
  // Optional: an absent key stays absent, a present one (even undefined) is kept, as zod does.
  if ('startedBy' in input) {
    const startedBy = input.startedBy
    if (startedBy === undefined) run.startedBy = undefined
    else if (isObject(startedBy) && isString(startedBy.type) && isStringOrNull(startedBy.user))
      run.startedBy = { type: startedBy.type, user: startedBy.user }
    else return undefined
  }
  return run
}

function checkFailure(input: unknown): ConnectionFailure | undefined {
  if (!isObject(input)) return undefined
  const { connectionId, code, message } = input
  if (!isString(connectionId) || !isString(code) || !isString(message)) return undefined
  return { connectionId, code, message }
}

function checkEach<T>(input: unknown, check: (item: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(input)) return undefined
  const out: T[] = new Array(input.length)
  for (let i = 0; i < input.length; i++) {
    const item = check(input[i])
    if (item === undefined) return undefined
    out[i] = item
  }
  return out
}

/** The answer as RunListResult.parse would return it, or undefined when only zod can say. */
export function checkRunListResult(input: unknown): RunListResult | undefined {
  if (!isObject(input)) return undefined
  const runs = checkEach(input.runs, checkRun)
  const failures = runs && checkEach(input.failures, checkFailure)
  if (!runs || !failures) return undefined
  const result: RunListResult = { runs, failures }
  if ('next' in input) {
    const next = input.next
    if (next !== undefined && !isStringOrNull(next)) return undefined
    result.next = next
  }
  return result
}
