/**
 * fast-check arbitraries for what an attacker or an unlucky client sends the room: JSON of any shape,
 * JSON nested far deeper than anyone means to (bare, or inside the fields routes take as payloads),
 * bodies near the size limit, bytes that are not JSON, queries with repeated, huge or odd values, and
 * path parameters in any script. Shared by the fuzz suites so each covers every class.
 */
import fc from 'fast-check'

/** A body as sent: its bytes and its content type. */
export interface RawBody {
  raw: string
  type: string
}

/** `depth` arrays (or objects under key `key`) inside one another, as JSON text, built without recursion. */
export function nestedJson(depth: number, shape: 'array' | 'object', key = 'a'): string {
  if (shape === 'array') return `${'['.repeat(depth)}${']'.repeat(depth)}`
  const open = `{${JSON.stringify(key)}:`
  return `${open.repeat(depth)}1${'}'.repeat(depth)}`
}

/** Field names the room's routes take arbitrary JSON in (payloads, default payloads, batches). */
const PAYLOAD_FIELDS = ['payload', 'payloads', 'default_payload', 'callback', 'work_item_ids', 'permissions']

/** JSON nested hundreds to about a hundred thousand levels deep, bare or in a field a route takes as a payload. */
export const deepJsonBody: fc.Arbitrary<RawBody> = fc
  .record({
    depth: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 129, max: 5_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 5_000, max: 100_000 }) },
    ),
    shape: fc.constantFrom('array' as const, 'object' as const),
    field: fc.option(fc.constantFrom(...PAYLOAD_FIELDS), { nil: undefined }),
    type: fc.constantFrom('with_payloads', 'x'),
  })
  .map(({ depth, shape, field, type }) => {
    const deep = nestedJson(depth, shape)
    if (field === undefined) return { raw: deep, type: 'application/json' }
    // The envelope a route expects, so the deep value gets as far as the route lets it.
    const value = field === 'payloads' || field === 'work_item_ids' ? `[${deep}]` : deep
    return {
      raw: `{"type":${JSON.stringify(type)},"process":{"id":"p"},"name":"n",${JSON.stringify(field)}:${value}}`,
      type: 'application/json',
    }
  })

/** Bodies up to just over the room's 1 MiB limit: one huge string, or an array of many elements. */
export const largeJsonBody: fc.Arbitrary<RawBody> = fc
  .record({
    size: fc.integer({ min: 200_000, max: 1_100_000 }),
    shape: fc.constantFrom('string', 'array', 'payloads'),
  })
  .map(({ size, shape }) => {
    if (shape === 'string') return { raw: JSON.stringify('x'.repeat(size)), type: 'application/json' }
    const elements = Array.from({ length: Math.floor(size / 4) }, () => '1').join(',')
    if (shape === 'array') return { raw: `[${elements}]`, type: 'application/json' }
    return { raw: `{"type":"with_payloads","payloads":[${elements}]}`, type: 'application/json' }
  })

/** Any request body: valid JSON of any shape, deep, large, not JSON, or another content type. */
export const hostileBody: fc.Arbitrary<RawBody> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.jsonValue().map((value) => ({ raw: JSON.stringify(value), type: 'application/json' })),
  },
  { weight: 2, arbitrary: fc.string().map((text) => ({ raw: text, type: 'application/json' })) },
  { weight: 1, arbitrary: fc.string().map((text) => ({ raw: text, type: 'text/plain' })) },
  // Rarer, since each is hundreds of kilobytes: a suite sends them to every route.
  { weight: 2, arbitrary: deepJsonBody },
  { weight: 1, arbitrary: largeJsonBody },
)

/** Query values: short text in any script, numbers out of every range, very long text. */
const queryValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ maxLength: 20, unit: 'grapheme' }),
  fc.constantFrom('1e400', '-0', '9007199254740993', 'NaN', '0x10', '', '[]', '{}', 'null'),
  fc.integer({ min: 2_000, max: 10_000 }).map((length) => 'a'.repeat(length)),
)

/** A query string, possibly repeating a parameter (which a parser may turn into an array). */
export function hostileQuery(names: readonly string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.constantFrom(...names), queryValue), { maxLength: 4 })
    .map((pairs) => new URLSearchParams(pairs).toString())
}

/** Path parameter values: ids, text in any script, traversal and encoding tricks, very long ids. */
export const hostileParam: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' }),
  fc.constantFrom('name:x', '..', '%00', 'a/b', '\u0000', '\ufeff', '🙂', 'name:', '-1', '1e400'),
  fc.integer({ min: 90, max: 120 }).map((length) => 'x'.repeat(length)),
)
