/**
 * Connecting to a local Control Room that another process already runs on the app's room folder:
 * one started from the command line, by web mode, or left from an earlier start of the app. The
 * room's holder file (data-dir-lock.ts) says where it listens. It gives no key: the app uses the
 * key its vault holds from an earlier start if the room still accepts it, else creates a key with
 * the owner's access credential from the vault (through the room's management API).
 */
import { setTimeout as delay } from 'node:timers/promises'
import { HOLDER_FILE, readLockHolder } from '../../platform/local-room-holder'
import { signedHeaders } from '../../platform/robocloud-hmac'
import type { Bootstrap } from '../../shared/local-room-bootstrap'
import { PERMISSIONS } from '../../shared/permissions'
import { type Connections, LOCAL_CONNECTION_ID } from './connections'
import { isLoopback } from './controlroom-http'
import { CoreError } from './errors'
import { type RoomAnswer, requestRoom } from './room-request'

/** A room another process runs, as its holder file describes it. */
export interface RunningRoom {
  pid: number
  /** API v1 base, e.g. http://127.0.0.1:4123/api/v1. */
  url: string
  workspaceId: string
}

/** The name of the key the app creates in a running room when its stored key is no longer accepted. */
export const ATTACHED_KEY_NAME = 'Robodeck app'
const REQUEST_TIMEOUT_MS = 10_000

/**
 * The room that holds dataDir, once it has said where it listens: a room found starting gets
 * timeoutMs to get there.
 */
export async function waitForRunningRoom(dataDir: string, timeoutMs = 10_000): Promise<RunningRoom> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const holder = readLockHolder(dataDir)
    if (holder?.url && holder.workspace_id)
      return { pid: holder.pid, url: holder.url, workspaceId: holder.workspace_id }
    if (Date.now() >= deadline) {
      const who = holder
        ? `another process (pid ${holder.pid}) that has not finished starting`
        : `another local Control Room that does not say where it is (${HOLDER_FILE} is missing)`
      throw new CoreError(
        'local_room_in_use',
        `The local Control Room's folder ${dataDir} is in use by ${who}.`,
      )
    }
    await delay(100)
  }
}

/**
 * A key for the running room (and the credential the vault holds): the vault's key when the room
 * accepts it, else a new key made with the vault's credential. Throws a CoreError naming the
 * room's pid and URL when neither is accepted (the room issued new ones that went to whoever
 * started it) or when the room is not on this machine's loopback.
 */
export async function keysForRunningRoom(connections: Connections, room: RunningRoom): Promise<Bootstrap> {
  // The holder file is only as trustworthy as the folder: never send the vault's secrets off this machine.
  if (!isLoopbackHttp(room.url))
    throw new CoreError(
      'local_room_in_use',
      `The room holding the local room's folder is not on loopback (${room.url}).`,
    )
  const known = connections.list().some((connection) => connection.id === LOCAL_CONNECTION_ID)
  const apiKey = known ? await connections.apiKey(LOCAL_CONNECTION_ID).catch(() => undefined) : undefined
  const credential = known
    ? await connections.userCredential(LOCAL_CONNECTION_ID).catch(() => undefined)
    : undefined
  const found = { url: room.url, workspace_id: room.workspaceId }
  if (apiKey && (await keyAccepted(room, apiKey)))
    return { ...found, api_key: apiKey, user_credential: credential }
  const created = credential ? await createKey(room, credential) : null
  if (created) return { ...found, api_key: created, user_credential: credential }
  throw new CoreError(
    'local_room_in_use',
    `Another local Control Room (pid ${room.pid}, at ${room.url}) is running on Robodeck's local room folder, ` +
      'and it accepts none of the keys Robodeck has (it issued new ones when it started). Stop it, then start Robodeck again.',
  )
}

function isLoopbackHttp(url: string): boolean {
  const parsed = new URL(url)
  return parsed.protocol === 'http:' && isLoopback(parsed)
}

/** Whether the room accepts the key for its workspace (a route every key of the workspace may call). */
async function keyAccepted(room: RunningRoom, apiKey: string): Promise<boolean> {
  const answer = await call(room, `${room.url}/workspaces/${encodeURIComponent(room.workspaceId)}`, {
    method: 'GET',
    headers: { authorization: `RC-WSKEY ${apiKey}` },
  })
  return answer.status === 200
}

/** A new all-permission key made with the owner's credential, or null when the credential is refused. */
async function createKey(room: RunningRoom, credential: string): Promise<string | null> {
  const path = `/management-v1/workspaces/${encodeURIComponent(room.workspaceId)}/api-keys`
  const body = JSON.stringify({ name: ATTACHED_KEY_NAME, permissions: PERMISSIONS })
  let headers: Record<string, string>
  try {
    headers = signedHeaders(credential, 'POST', path, body)
  } catch {
    return null
  }
  const answer = await call(room, `${new URL(room.url).origin}${path}`, { method: 'POST', headers, body })
  if (answer.status !== 200) return null
  const value = (answer.json as { value?: unknown } | undefined)?.value
  return typeof value === 'string' && value.length > 0 ? value : null
}

/** One request to the room: its status and JSON body. 401/403 are answers; a dead room is a CoreError. */
async function call(
  room: RunningRoom,
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
): Promise<RoomAnswer> {
  try {
    return await requestRoom(url, init, REQUEST_TIMEOUT_MS)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).name
    throw new CoreError(
      'unreachable',
      `Another local Control Room (pid ${room.pid}) holds Robodeck's local room folder but does not answer at ${room.url} (${reason}).`,
    )
  }
}
