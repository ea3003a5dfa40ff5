import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../../src/localroom/http/errors'
import {
  decodeCursor,
  encodeCursor,
  MAX_PAGE_LIMIT,
  pageLimit,
} from '../../../../src/localroom/http/pagination'

const apiError = (fn: () => unknown): ApiError => {
  try {
    fn()
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected an ApiError')
}

describe('cursors and limits', () => {
  it('round-trips any sequence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        (seq) => decodeCursor(encodeCursor(seq)) === seq,
      ),
    )
  })

  it('refuses foreign cursors and bad limits with a 400 naming the parameter', () => {
    expect(apiError(() => decodeCursor('not-a-cursor')).message).toMatch(/"cursor"/)
    expect(apiError(() => pageLimit('0')).statusCode).toBe(400)
    expect(apiError(() => pageLimit('ten')).message).toMatch(/"limit"/)
    expect(pageLimit(undefined)).toBe(20)
    expect(pageLimit('5000')).toBe(MAX_PAGE_LIMIT)
  })
})
