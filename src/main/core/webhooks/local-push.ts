/**
 * Webhook push from the app's own local room: a receiver on 127.0.0.1 (any free port) and a
 * workspace webhook registered to it on every connect, so run notifications arrive as the room sends
 * them instead of at the watcher's next poll. Each registration is a new webhook, so each start has
 * a fresh secret, which stays in this module's memory (never in a log, an event or the renderer).
 * The endpoint's path carries a marker of this app's data dir (to find what an earlier start left
 * behind) and a random part (so the path cannot be guessed). Everything here is best effort: when it
 * fails, polling still delivers every notification, only later.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Bootstrap } from '../../../shared/local-room-bootstrap'
import { CoreError } from '../errors'
import type { RoomManagement } from '../room-management'
import { createPushHandler } from './push-receiver'
import { deletePushWebhook, deleteStaleWebhooks, registerPushWebhook } from './push-registration'
import { type Intake, startIntake } from './webhook-intake'

/** Envelopes are a few hundred bytes; this leaves room for any payload the room adds. */
export const PUSH_MAX_BODY_BYTES = 256 * 1024

/** Where every start of the app points its webhook: a path no other receiver of the room has. */
const PUSH_PATH_PREFIX = '/robodeck-push/'

/**
 * Whether a webhook of the room points at a push receiver of Robodeck (this start's or one an
 * earlier start left): the window shows it as Robodeck's own and does not change or delete it.
 */
export function isRobodeckPushEndpoint(endpoint: string): boolean {
  try {
    return new URL(endpoint).pathname.startsWith(PUSH_PATH_PREFIX)
  } catch {
    return false
  }
}

export interface LocalPushOptions {
  /** The app's data dir: its hash marks this app's webhooks among the room's. */
  dataDir: string
  /** A verified, new event about a run of the local room. */
  onRun(runId: string): void
  logError(message: string, error: unknown): void
}

export interface LocalPush {
  /** Registers a webhook on the room the core just connected to (again after a room restart). */
  connect(bootstrap: Bootstrap): Promise<void>
  /** The registered webhook and where it points, for tests and diagnostics (no secret). */
  registration(): { webhookId: string; endpoint: string } | undefined
  /** Unregisters (best effort) and stops the receiver. */
  close(): Promise<void>
}

/** Creates the push receiver; nothing listens until the first connect. */
export function createLocalPush(options: LocalPushOptions): LocalPush {
  const marker = createHash('sha256').update(options.dataDir).digest('hex').slice(0, 16)
  const basePath = `${PUSH_PATH_PREFIX}${marker}/`
  const path = `${basePath}${randomBytes(16).toString('hex')}`
  let intake: Intake | undefined
  let current: { room: RoomManagement; webhookId: string; secret: string; endpoint: string } | undefined
  let workspaceId: string | undefined
  let queue: Promise<void> = Promise.resolve()
  let closed = false

  const handle = createPushHandler({
    path,
    secret: () => current?.secret,
    workspaceId: () => workspaceId,
    onRun: options.onRun,
  })

  const isOurs = (endpoint: string) => {
    try {
      return new URL(endpoint).pathname.startsWith(basePath)
    } catch {
      return false
    }
  }

  async function unregister() {
    const was = current
    current = undefined
    if (was) await deletePushWebhook(was.room, was.webhookId)
  }

  async function connect(bootstrap: Bootstrap) {
    if (closed) return
    if (!bootstrap.user_credential) return // an older room: no management API, polling only
    intake ??= await startIntake({
      port: 0,
      maxBodyBytes: PUSH_MAX_BODY_BYTES,
      handle,
      onError: (error) => options.logError('the webhook push receiver failed', error),
    })
    const room = {
      origin: new URL(bootstrap.url).origin,
      workspaceId: bootstrap.workspace_id,
      credential: bootstrap.user_credential,
    }
    await unregister().catch(() => {}) // the previous room may be gone; the stale sweep below covers it
    workspaceId = room.workspaceId
    await deleteStaleWebhooks(room, isOurs)
    const endpoint = `${intake.origin}${path}`
    const created = await registerPushWebhook(room, endpoint)
    current = { room, webhookId: created.id, secret: created.secret, endpoint }
  }

  // One registration at a time: a room restart during a connect waits for it.
  const serialized = (work: () => Promise<void>) => {
    const next = queue.then(work, work)
    queue = next.catch(() => {})
    return next
  }

  return {
    connect: (bootstrap) =>
      serialized(() => connect(bootstrap)).catch((error) =>
        options.logError('registering the webhook push on the local room failed; polling only', error),
      ),
    registration: () => (current ? { webhookId: current.webhookId, endpoint: current.endpoint } : undefined),
    close: () =>
      serialized(async () => {
        closed = true
        // The desktop app stops the room while the core closes: a room already gone is no failure,
        // the next start's sweep deletes the webhook it kept.
        await unregister().catch((error) => {
          if (!(error instanceof CoreError && error.code === 'unreachable'))
            options.logError('unregistering the webhook push from the local room failed', error)
        })
        await intake?.close()
        intake = undefined
      }),
  }
}
