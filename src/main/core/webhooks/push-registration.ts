/**
 * The webhook the app registers on its local room, through the room's management API with the
 * owner's access credential (robocloud-hmac). Workspace-scoped, so it covers every run of every
 * process, including processes created after it was registered; a process-scoped webhook (API v1)
 * would need one registration per process and miss new ones. The room makes the secret and answers
 * it on create; it is kept by the caller in memory only.
 */
import { z } from 'zod'
import { CoreError } from '../errors'
import { callManagement as call, managementPath, type RoomManagement } from '../room-management'

/** The events the app listens to (all the room sends about runs). */
export const PUSH_EVENTS = ['process_run.started', 'process_run.completed', 'process_run.unresolved']

const Created = z.object({ id: z.string().min(1), secret: z.string().min(1) })
const Listed = z.object({
  data: z.array(z.object({ id: z.string(), endpoint: z.string() })),
  has_more: z.boolean(),
  next: z.string().nullable(),
})

/** Registers a workspace webhook to `endpoint`; answers its id and secret. */
export async function registerPushWebhook(
  room: RoomManagement,
  endpoint: string,
): Promise<{ id: string; secret: string }> {
  const answer = await call(room, 'POST', webhooksPath(room), {
    endpoint,
    enabled_events: PUSH_EVENTS,
    process: null,
  })
  const created = Created.safeParse(answer.json)
  if (answer.status !== 200 || !created.success)
    throw new CoreError(
      'bad_response',
      `The local Control Room refused the app's webhook (HTTP ${answer.status}).`,
      answer.status,
    )
  return created.data
}

/** Deletes one webhook; a webhook already gone counts as deleted. */
export async function deletePushWebhook(room: RoomManagement, id: string): Promise<void> {
  const answer = await call(room, 'DELETE', `${webhooksPath(room)}/${encodeURIComponent(id)}`)
  if (answer.status !== 200 && answer.status !== 404)
    throw new CoreError('bad_response', `Deleting the app's webhook answered HTTP ${answer.status}.`)
}

/**
 * Deletes the webhooks whose endpoint `isOurs`: those an earlier start of this app left behind when
 * it could not unregister (a crash, a kill), whose receiver is gone.
 */
export async function deleteStaleWebhooks(
  room: RoomManagement,
  isOurs: (endpoint: string) => boolean,
): Promise<number> {
  const stale: string[] = []
  let path: string | null = `${webhooksPath(room)}?limit=100`
  // A few pages at most: a room holds few webhooks; the bound keeps a damaged answer from looping.
  for (let pages = 0; path && pages < 20; pages++) {
    const answer = await call(room, 'GET', path)
    const listed = Listed.safeParse(answer.json)
    if (answer.status !== 200 || !listed.success) break
    stale.push(...listed.data.data.filter((w) => isOurs(w.endpoint)).map((w) => w.id))
    path = listed.data.has_more && listed.data.next ? nextPath(listed.data.next) : null
  }
  for (const id of stale) await deletePushWebhook(room, id)
  return stale.length
}

const webhooksPath = (room: RoomManagement) => managementPath(room, 'webhooks')

/** The request target of a `next` link (signed as sent: path and query). */
function nextPath(next: string): string {
  const url = new URL(next, 'http://room')
  return `${url.pathname}${url.search}`
}
