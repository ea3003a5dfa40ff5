/**
 * The launch payload editor's rules: empty text means "no payload", anything else must be JSON the
 * bridge contract accepts. The messages are what the person sees under the editor; a JSON error also
 * says where it is, so the editor can mark that spot.
 */
import { JsonValue } from '../../../shared/domain'

/** Where in the text an error is: a character offset, and the 1-based line and column a person reads. */
export interface TextPosition {
  offset: number
  line: number
  column: number
}

export type PayloadParse =
  | { ok: true; payload: JsonValue | undefined }
  | { ok: false; error: string; at?: TextPosition }

/** Parses the payload editor's text; never throws. */
export function parsePayload(text: string): PayloadParse {
  if (text.trim() === '') return { ok: true, payload: undefined }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return describeJsonError(error, text)
  }
  // JSON.parse accepts 1e400 as Infinity, which the contract (and JSON itself on the way out) rejects.
  const checked = JsonValue.safeParse(value)
  if (!checked.success) return { ok: false, error: 'Invalid payload: numbers must be finite' }
  return { ok: true, payload: checked.data }
}

/** Turns JSON.parse's error into "Line L, column C: what is wrong", with the position to mark. */
export function describeJsonError(
  error: unknown,
  text: string,
): { ok: false; error: string; at: TextPosition } {
  const raw = error instanceof Error ? error.message : String(error)
  const message = raw
    // Newer V8 appends "(line L column C)" itself; older ones give only the offset.
    .replace(/\s*\(line \d+ column \d+\)\s*$/, '')
    .replace(/\s+in JSON at position \d+$/, '')
    // "Unexpected token 'x', "<the input, or a window of it>" is not valid JSON": the echo adds nothing.
    .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
  const at = positionOf(text, errorOffset(raw, text))
  return { ok: false, error: `Line ${at.line}, column ${at.column}: ${message}`, at }
}

/** The offset V8's message points at; found by parsing prefixes when the message gives none. */
export function errorOffset(message: string, text: string): number {
  const stated = /at position (\d+)/.exec(message)
  if (stated?.[1]) return Math.min(Number(stated[1]), text.length)
  if (!isUnexpectedToken(message)) return text.length // "Unexpected end of JSON input", and any other
  // V8 names an unexpected token without its offset. A prefix that already holds it fails the same
  // way, one that stops before it does not: the shortest failing prefix ends just after the token.
  // A hand-written JSON scanner would be a second parser to keep in step with JSON.parse; this asks
  // JSON.parse itself, in log2(length) tries, and only when the payload is already invalid.
  let good = 0
  let bad = text.length
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2)
    if (failsWithUnexpectedToken(text.slice(0, middle))) bad = middle
    else good = middle
  }
  return bad - 1
}

const isUnexpectedToken = (message: string) => message.startsWith('Unexpected token')

function failsWithUnexpectedToken(prefix: string): boolean {
  try {
    JSON.parse(prefix)
    return false
  } catch (error) {
    return error instanceof Error && isUnexpectedToken(error.message)
  }
}

/** The 1-based line and column of a character offset. */
export function positionOf(text: string, offset: number): TextPosition {
  const lines = text.slice(0, offset).split('\n')
  return { offset, line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 }
}
