/** The JSON depth check against a plain recursive reference, on JSON of every shape. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { describePath, findTooDeep, type JsonPath } from '../../../../src/localroom/http/json-depth'

/** How many arrays and objects nest in value (a scalar: 0). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0
  const children = Array.isArray(value) ? value : Object.values(value)
  return 1 + Math.max(0, ...children.map(depthOf))
}

/** The value a path leads to (own properties only: a key may be "__proto__"). */
function follow(value: unknown, path: JsonPath): unknown {
  let at = value
  for (const segment of path) at = Object.getOwnPropertyDescriptor(at, segment)?.value
  return at
}

describe('findTooDeep', () => {
  it('agrees with a recursive depth, and its path leads to a container past the limit', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 8 }),
        fc.integer({ min: 0, max: 7 }),
        fc.constantFrom(undefined, 1, '\t'),
        (value, limit, indent) => {
          const text = JSON.stringify(value, null, indent)
          const path = findTooDeep(text, limit)
          expect(path === null).toBe(depthOf(value) <= limit)
          if (path === null) return
          expect(path).toHaveLength(limit)
          const reached = follow(value, path)
          expect(typeof reached === 'object' && reached !== null).toBe(true)
        },
      ),
      { numRuns: 2_000 },
    )
  })

  it('ignores brackets inside strings, whatever escapes come before their quotes', () => {
    const text = JSON.stringify({ a: '[[[{{{', b: '\\', c: '\\"[[[', d: ['"]]]'] })
    expect(findTooDeep(text, 2)).toBeNull()
    expect(findTooDeep(text, 1)).toEqual(['d'])
  })

  it('names keys as JSON decodes them and cuts long paths', () => {
    expect(findTooDeep('{"\\u0061b":{"c":[1,{"d":[]}]}}', 4)).toEqual(['ab', 'c', 1, 'd'])
    expect(describePath(['payloads', 0, 'a', 'b', 'c', 'd', 'e'])).toBe('payloads.0.a.b.c.d.…')
  })
})
