/**
 * Calls to the local room's management API (`/management-v1`), signed with the owner's user access
 * credential (robocloud-hmac), as rcc signs its calls. The app's webhook push registration and the
 * window's process editor both go through here. The credential never leaves this call: not in a
 * URL, an error message or a log.
 */
import { z } from 'zod'
import { signedHeaders } from '../../platform/robocloud-hmac'
import { CoreError } from './errors'
import { type RoomAnswer, requestRoom } from './room-request'

/** How the management API of the local room is reached. */
export interface RoomManagement {
  /** The room's origin, e.g. http://127.0.0.1:4123 */
  origin: string
  workspaceId: string
  credential: string
}

export type ManagementMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE'

const DEFAULT_TIMEOUT_MS = 5_000

/** The path of a workspace resource, e.g. managementPath(room, 'processes', id). */
export function managementPath(room: RoomManagement, ...segments: string[]): string {
  return ['/management-v1/workspaces', room.workspaceId, ...segments].map(encodePathPart).join('/')
}

const encodePathPart = (part: string, index: number) => (index === 0 ? part : encodeURIComponent(part))

/** One signed request: its status and JSON body (undefined when none or not JSON). A dead room is a CoreError. */
export async function callManagement(
  room: RoomManagement,
  method: ManagementMethod,
  path: string,
  json?: unknown,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<RoomAnswer> {
  const body = json === undefined ? '' : JSON.stringify(json)
  const headers = signedHeaders(room.credential, method, path, body)
  // No body, no content type: a JSON parser would refuse an empty JSON body (the signature covers
  // "application/json" whatever the header says).
  if (json === undefined) delete headers['content-type']
  try {
    return await requestRoom(
      `${room.origin}${path}`,
      { method, headers, body: json === undefined ? undefined : body },
      timeoutMs,
    )
  } catch (error) {
    throw new CoreError(
      'unreachable',
      `Cannot reach the local Control Room at ${room.origin} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    )
  }
}

const RoomErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) })

/**
 * The answer's body when it is a 200 in the schema's shape. The owner credential refused (401, 403)
 * is told here, the same for every caller; any other error status is told by `refusal`, given the
 * room's own message ('' when it sent none), since each caller words refusals for what it manages.
 * Anything else is a bad_response.
 */
export function parseManagementAnswer<T>(
  schema: z.ZodType<T>,
  answer: RoomAnswer,
  refusal: (answer: RoomAnswer, message: string) => CoreError,
): T {
  const { status } = answer
  if (status === 401 || status === 403)
    throw new CoreError(
      'invalid_credential',
      `The local Control Room did not accept Robodeck’s owner credential (HTTP ${status}). Restart Robodeck.`,
      status,
    )
  if (status >= 400) throw refusal(answer, RoomErrorBody.safeParse(answer.json).data?.error.message ?? '')
  const parsed = schema.safeParse(answer.json)
  if (status !== 200 || !parsed.success)
    throw new CoreError(
      'bad_response',
      `The local Control Room answered outside its management API (HTTP ${status}).`,
      status,
    )
  return parsed.data
}
