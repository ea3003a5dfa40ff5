import { describe, expect, it } from 'vitest'
import { errorOffset, parsePayload, positionOf } from '../../../src/renderer/src/lib/payload'

describe('renderer launch payload', () => {
  it('treats empty or blank text as no payload', () => {
    expect(parsePayload('')).toEqual({ ok: true, payload: undefined })
    expect(parsePayload('  \n\t ')).toEqual({ ok: true, payload: undefined })
  })

  it('accepts any JSON value', () => {
    expect(parsePayload('{"name": "Ada", "n": [1, 2.5, null, true]}')).toEqual({
      ok: true,
      payload: { name: 'Ada', n: [1, 2.5, null, true] },
    })
    expect(parsePayload('"text"')).toEqual({ ok: true, payload: 'text' })
    expect(parsePayload('0')).toEqual({ ok: true, payload: 0 })
  })

  it('explains invalid JSON with the line and column of the error, and its offset', () => {
    const text = '{\n  "a": 1,\n}'
    expect(parsePayload(text)).toEqual({
      ok: false,
      error: 'Line 3, column 1: Expected double-quoted property name',
      at: { offset: 12, line: 3, column: 1 },
    })
    expect(text[12]).toBe('}')
  })

  it('finds an unexpected token V8 names without its position, and does not echo the input', () => {
    const text = '{\n  "name": "Ada",\n  "age": x\n}'
    const result = parsePayload(text)
    expect(result).toEqual({
      ok: false,
      error: "Line 3, column 10: Unexpected token 'x'",
      at: { offset: text.indexOf('x'), line: 3, column: 10 },
    })
  })

  it('finds an unexpected token in a long payload, where V8 echoes only a window of it', () => {
    const text = `{"items": [${Array.from({ length: 200 }, (_, i) => i).join(', ')},, 1]}`
    const result = parsePayload(text)
    if (result.ok) throw new Error('expected a refusal')
    expect(result.at?.offset).toBe(text.indexOf(',,') + 1)
    expect(result.error).toMatch(/^Line 1, column \d+: Unexpected token ','$/)
  })

  it('points at the end of the text when the input stops early', () => {
    const text = '{"a": [1, 2'
    const result = parsePayload(text)
    if (result.ok) throw new Error('expected a refusal')
    expect(result.at).toEqual({ offset: text.length, line: 1, column: text.length + 1 })
    expect(result.error).toMatch(/^Line 1, column 12: /)
    expect(result.error).not.toContain('at position')
  })

  it('places the error from the offset V8 states, and at the end when it states none', () => {
    expect(errorOffset('Unexpected non-whitespace character after JSON at position 8', '{"a":1} x')).toBe(8)
    expect(errorOffset('Unexpected end of JSON input', '[1, ')).toBe(4)
  })

  it('rejects numbers JSON.parse turns into Infinity', () => {
    expect(parsePayload('{"big": 1e400}')).toEqual({
      ok: false,
      error: 'Invalid payload: numbers must be finite',
    })
  })

  it('computes 1-based lines and columns', () => {
    expect(positionOf('abc', 0)).toEqual({ offset: 0, line: 1, column: 1 })
    expect(positionOf('ab\ncd', 4)).toEqual({ offset: 4, line: 2, column: 2 })
  })
})
