/** How the room's management answers are read, for every caller alike. */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { CoreError } from '../../../../src/main/core/errors'
import { parseManagementAnswer } from '../../../../src/main/core/room-management'

const Shape = z.object({ id: z.string() })
const refusal = (answer: { status: number }, message: string) =>
  new CoreError('process_busy', `refused ${answer.status}: ${message}`, answer.status)
const read = (status: number, json: unknown) => {
  try {
    return parseManagementAnswer(Shape, { status, json }, refusal)
  } catch (error) {
    return error as CoreError
  }
}

describe('parseManagementAnswer', () => {
  it('gives the body of a 200 in the expected shape', () => {
    expect(read(200, { id: 'k1', extra: true })).toEqual({ id: 'k1' })
  })

  it('tells a refused owner credential itself, whoever called', () => {
    for (const status of [401, 403]) {
      const error = read(status, { error: { code: 'unauthorized', message: 'no' } }) as CoreError
      expect(error).toMatchObject({ code: 'invalid_credential', status })
      expect(error.message).toContain('did not accept Robodeck’s owner credential')
    }
  })

  it('hands other refusals to the caller with the room’s message, or none', () => {
    expect(read(409, { error: { code: 'busy', message: 'The process is busy.' } })).toMatchObject({
      code: 'process_busy',
      message: 'refused 409: The process is busy.',
    })
    expect(read(404, 'not json')).toMatchObject({ code: 'process_busy', message: 'refused 404: ' })
  })

  it('calls anything else outside the management API', () => {
    expect(read(200, { id: 7 })).toMatchObject({ code: 'bad_response' })
    expect(read(204, null)).toMatchObject({ code: 'bad_response' })
  })
})
