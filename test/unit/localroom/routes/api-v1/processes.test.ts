import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../../../src/localroom/http/errors'
import { parseStartBody } from '../../../../../src/localroom/routes/api-v1/processes'

const apiError = (fn: () => unknown): ApiError => {
  try {
    fn()
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected an ApiError')
}

describe('start-process-run body', () => {
  it('reads the default and with_payloads forms', () => {
    expect(parseStartBody(undefined)).toEqual({ payloads: null, callback: undefined })
    expect(parseStartBody({})).toEqual({ payloads: null, callback: undefined })
    expect(parseStartBody({ type: 'with_payloads', payloads: [{ a: 1 }, null] }).payloads).toEqual([
      { a: 1 },
      null,
    ])
  })

  it('names the bad field', () => {
    expect(apiError(() => parseStartBody({ type: 'with_payloads', payloads: 'x' })).message).toMatch(
      /"payloads"/,
    )
    expect(apiError(() => parseStartBody({ type: 'with_payloads', payloads: [] })).message).toMatch(
      /"payloads"/,
    )
    expect(apiError(() => parseStartBody({ type: 'nope' })).message).toMatch(/"type"/)
    expect(apiError(() => parseStartBody({ callback: { url: 'http://x' } })).message).toMatch(
      /"callback\.secret"/,
    )
    expect(apiError(() => parseStartBody([1])).statusCode).toBe(400)
    expect(apiError(() => parseStartBody({ type: 'with_inputs', callback: 'x' })).message).toMatch(
      /"callback"/,
    )
    expect(apiError(() => parseStartBody({ type: 'with_work_item_ids' })).message).toMatch(/"work_item_ids"/)
  })
})
