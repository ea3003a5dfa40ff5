import { describe, expect, it } from 'vitest'
import { lineAndColumn, parsePayload } from '../../../src/renderer/src/lib/payload'

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

  it('explains invalid JSON with a line and column', () => {
    const result = parsePayload('{\n  "a": 1,\n}')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error).toMatch(/^Invalid JSON: /)
    expect(result.error).toContain('(line 3, column 1)')
    expect(result.error).not.toContain('at position')
  })

  it('does not echo the whole input back in the message', () => {
    const result = parsePayload('{"a": }')
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^Invalid JSON: Unexpected token/) })
    if (!result.ok) expect(result.error).not.toContain('is not valid JSON')
  })

  it('rejects numbers JSON.parse turns into Infinity', () => {
    expect(parsePayload('{"big": 1e400}')).toEqual({
      ok: false,
      error: 'Invalid payload: numbers must be finite',
    })
  })

  it('computes 1-based lines and columns', () => {
    expect(lineAndColumn('abc', 0)).toEqual({ line: 1, column: 1 })
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 })
  })
})
