/**
 * Reads the room's management answers about keys and credentials: a success in the expected shape,
 * or the room's `{error:{code,message}}` told as a CoreError a person can act on. The room's
 * messages name fields and ids, never a value or a secret, so they are passed on in its words.
 */
import type { z } from 'zod'
import { apiError } from './controlroom-http'
import { CoreError } from './errors'
import { parseManagementAnswer } from './room-management'
import type { RoomAnswer } from './room-request'

/** What the call was about: a list, one API key, or one access credential. */
export type RoomKeySubject = 'list' | 'key' | 'credential'

/** The room's `Invalid request body field "permissions": why` (http/validation.ts). */
const FIELD_MESSAGE = /^Invalid request body field "([^"]*)": (.*)$/s
const FIELD_NAMES: Record<string, string> = { name: 'Name', permissions: 'Permissions', label: 'Name' }
const MISSING: Record<RoomKeySubject, string> = {
  list: 'The local Control Room has no such list.',
  key: 'The local Control Room has no such API key any more; reload the list.',
  credential: 'The local Control Room has no such access credential any more; reload the list.',
}

/** The body when the room answered 200 in the schema's shape; otherwise a readable CoreError. */
export function parseRoomAnswer<T>(schema: z.ZodType<T>, answer: RoomAnswer, subject: RoomKeySubject): T {
  return parseManagementAnswer(schema, answer, (refused, message) => roomKeyError(refused, message, subject))
}

function roomKeyError({ status, json }: RoomAnswer, message: string, subject: RoomKeySubject): CoreError {
  if (status === 400) {
    const field = FIELD_MESSAGE.exec(message)
    const said = field ? `${FIELD_NAMES[field[1] ?? ''] ?? field[1]}: ${field[2]}` : message
    const what = subject === 'credential' ? 'the access credential' : 'the API key'
    return new CoreError(
      'invalid_api_key',
      `The local Control Room refused ${what}: ${said.replace(/\.$/, '') || `HTTP ${status}`}.`,
      status,
    )
  }
  if (status === 404) return new CoreError('not_found', MISSING[subject], status)
  if (status === 409)
    return new CoreError('key_value_unavailable', message || 'The room cannot show this key’s value.', status)
  return apiError(status, json)
}
