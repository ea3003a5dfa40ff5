/**
 * A step's settings as the editor holds them while they are typed (the number as text, variables as
 * rows), and the check before Save: the same limits the room applies (shared/room-admin.ts), so most
 * mistakes are named beside their field before anything is sent.
 */
import {
  MAX_PARALLEL_EXECUTIONS,
  MAX_STEP_VARIABLES,
  type RoomStep,
  type StepSettings,
  stepVariableProblem,
} from '../../../shared/room-admin'

export interface VariableRow {
  /** Stable across edits, so React keeps each row's inputs. */
  key: number
  name: string
  value: string
}

export interface StepForm {
  waitForPrevious: boolean
  parallelExecutions: string
  variables: VariableRow[]
}

export interface StepFormProblems {
  parallelExecutions?: string
  /** By row key. */
  variables: Record<number, string>
  /** About the rows as a whole (too many). */
  variableCount?: string
}

let nextKey = 0
/** A new, empty variable row. */
export const emptyRow = (): VariableRow => ({ key: nextKey++, name: '', value: '' })

/** The form for a step as the room holds it. */
export function formOf(step: RoomStep): StepForm {
  return {
    waitForPrevious: step.waitForPrevious,
    parallelExecutions: String(step.parallelExecutions),
    variables: Object.entries(step.env).map(([name, value]) => ({ ...emptyRow(), name, value })),
  }
}

/** The settings to send, or the problems to show beside their fields. Rows left wholly empty are dropped. */
export function checkForm(
  form: StepForm,
): { settings: StepSettings; problems?: undefined } | { settings?: undefined; problems: StepFormProblems } {
  const problems: StepFormProblems = { variables: {} }
  let bad = false
  const text = form.parallelExecutions.trim()
  const parallel = Number(text)
  if (!/^\d+$/.test(text) || parallel < 1 || parallel > MAX_PARALLEL_EXECUTIONS) {
    problems.parallelExecutions = `A whole number from 1 to ${MAX_PARALLEL_EXECUTIONS}.`
    bad = true
  }
  const rows = form.variables.filter((row) => row.name.trim() !== '' || row.value !== '')
  const seen = new Set<string>()
  const env: Record<string, string> = {}
  for (const row of rows) {
    const name = row.name.trim()
    const problem = name === '' ? 'Give the variable a name.' : nameProblem(name, seen)
    if (problem) {
      problems.variables[row.key] = problem
      bad = true
    }
    seen.add(name)
    env[name] = row.value
  }
  if (rows.length > MAX_STEP_VARIABLES) {
    problems.variableCount = `At most ${MAX_STEP_VARIABLES} variables.`
    bad = true
  }
  if (bad) return { problems }
  return { settings: { waitForPrevious: form.waitForPrevious, parallelExecutions: parallel, env } }
}

function nameProblem(name: string, seen: ReadonlySet<string>): string | undefined {
  const problem = stepVariableProblem(name)
  if (problem) return `Not ${problem.startsWith('a ') ? problem : `allowed: ${problem}`}.`
  // Two rows of one name would leave one value: say so rather than drop one.
  if (seen.has(name)) return 'This name is already used above.'
  return undefined
}
