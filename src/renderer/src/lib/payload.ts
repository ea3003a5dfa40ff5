/**
 * The launch payload editor's rules: empty text means "no payload", anything else must be JSON the
 * bridge contract accepts. The messages are what the person sees under the textarea.
 */
import { JsonValue } from '../../../shared/domain'

export type PayloadParse = { ok: true; payload: JsonValue | undefined } | { ok: false; error: string }

/** Parses the payload textarea; never throws. */
export function parsePayload(text: string): PayloadParse {
  if (text.trim() === '') return { ok: true, payload: undefined }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { ok: false, error: `Invalid JSON: ${describeJsonError(error, text)}` }
  }
  // JSON.parse accepts 1e400 as Infinity, which the contract (and JSON itself on the way out) rejects.
  const checked = JsonValue.safeParse(value)
  if (!checked.success) return { ok: false, error: 'Invalid payload: numbers must be finite' }
  return { ok: true, payload: checked.data }
}

/** Turns V8's "... at position N" into a line and column a person can find in the textarea. */
export function describeJsonError(error: unknown, text: string): string {
  const raw = error instanceof Error ? error.message : String(error)
  // Newer V8 appends "(line L column C)" itself; older ones give only the offset.
  const message = raw
    .replace(/\s*\(line \d+ column \d+\)\s*$/, '')
    .replace(/\s+in JSON at position \d+$/, '')
    // "Unexpected token 'x', "<the whole input>" is not valid JSON": the echo adds nothing.
    .replace(/, ".*" is not valid JSON$/s, '')
  const position = /at position (\d+)/.exec(raw)
  if (!position?.[1]) return message
  const { line, column } = lineAndColumn(text, Number(position[1]))
  return `${message} (line ${line}, column ${column})`
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const lines = before.split('\n')
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 }
}
