/**
 * How deep the room lets JSON nest, checked on the text before it is parsed.
 *
 * Why a limit: V8's JSON.parse does not recurse, but JSON.stringify does, and overflows the stack a
 * few thousand levels down. A deeply nested payload therefore parsed fine and then failed with a
 * RangeError where the room stored it (a 500, after a batch had already started some runs). Robots
 * read their work items with Python's json (which stops near 1,000 levels), and SQLite's JSON
 * functions stop at 1,000. The limit sits far below all of them and far above any real payload.
 */
import { invalidRequest } from './errors'

/** Most arrays and objects one JSON document may nest inside one another (the document itself counts). */
export const MAX_JSON_DEPTH = 128

/** Where a document first nests too deep: the keys and indexes leading to the value that does. */
export type JsonPath = (string | number)[]

/** The characters that matter to nesting; everything between them is skipped by a native search. */
const STRUCTURE = /["[\]{},]/g

interface Frame {
  array: boolean
  /** For an array, the index of the current element. */
  index: number
  /** For an object, where the current key's string starts and ends in the text (-1: none yet). */
  keyStart: number
  keyEnd: number
}

/**
 * The path to where `text` first nests deeper than `maxDepth`, or null when it does not. One pass
 * over the text, no recursion, memory bounded by `maxDepth`, so a hostile document costs no more
 * than its length. It does not validate JSON (only brackets outside strings count): JSON.parse
 * judges the rest afterwards.
 */
export function findTooDeep(text: string, maxDepth = MAX_JSON_DEPTH): JsonPath | null {
  const frames: Frame[] = []
  let expectKey = false
  const structure = new RegExp(STRUCTURE)
  for (let match = structure.exec(text); match !== null; match = structure.exec(text)) {
    const at = match.index
    const char = match[0]
    if (char === '"') {
      const end = stringEnd(text, at)
      const top = frames[frames.length - 1]
      if (expectKey && top) {
        top.keyStart = at
        top.keyEnd = end
        expectKey = false
      }
      structure.lastIndex = end + 1
    } else if (char === '[' || char === '{') {
      frames.push({ array: char === '[', index: 0, keyStart: -1, keyEnd: -1 })
      if (frames.length > maxDepth) return pathOf(text, frames.slice(0, -1))
      expectKey = char === '{'
    } else if (char === ']' || char === '}') {
      frames.pop()
      expectKey = false
    } else {
      const top = frames[frames.length - 1]
      if (top?.array) top.index++
      else if (top) {
        top.keyStart = -1
        expectKey = true
      }
    }
  }
  return null
}

/**
 * Where the string opened at `start` closes: the next quote not escaped by an odd run of
 * backslashes (the text's length if none). Each backslash is looked at once at most, so this stays
 * linear however the backslashes are arranged.
 */
function stringEnd(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++
    if (backslashes % 2 === 0) return quote
  }
  return text.length
}

function pathOf(text: string, frames: readonly Frame[]): JsonPath {
  return frames.map((frame) => {
    if (frame.array) return frame.index
    if (frame.keyStart < 0) return '?'
    const raw = text.slice(frame.keyStart, frame.keyEnd + 1)
    try {
      return String(JSON.parse(raw))
    } catch {
      return raw.slice(1, -1)
    }
  })
}

/** Segments of a path shown in a message; a deep path is cut (its start says which field it is). */
const SHOWN_SEGMENTS = 6

/** A path as messages name fields (`payloads.0.a`, as validation.ts does), cut to stay readable. */
export function describePath(path: JsonPath): string {
  const shown = path.slice(0, SHOWN_SEGMENTS).map((segment) => String(segment).slice(0, 40))
  return path.length > SHOWN_SEGMENTS ? `${shown.join('.')}.…` : shown.join('.')
}

/** The sentence every too-deep error ends with, naming the limit. */
export const TOO_DEEP = `nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects, the room's limit for JSON`

/** Throws a 400 naming the field when a request body's JSON text nests too deep. */
export function checkBodyDepth(text: string): void {
  const path = findTooDeep(text)
  if (path === null) return
  throw invalidRequest(
    path.length > 0
      ? `Invalid request body field "${describePath(path)}": it ${TOO_DEEP}`
      : `Invalid request body: it ${TOO_DEEP}`,
  )
}
