/**
 * The webhook inbox: a receiver on 127.0.0.1 that a developer points any Control Room at (through a
 * tunnel of their choice). Every delivery is stored (inbox-store.ts), checked against the secret
 * the user entered, announced with the `inbox.delivery` event, and can be replayed to a local URL
 * (inbox-replay.ts). A delivery with a bad or missing signature is stored and shown as such, is
 * answered 401 (so the sender's delivery log shows the failure), and is never replayed. The secret
 * lives in the vault and in this module's memory; the renderer only learns whether one is set.
 */
import { join } from 'node:path'
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../../../platform/webhook-signature'
import type {
  InboxDelivery,
  InboxDeliverySummary,
  InboxSignature,
  InboxStatus,
} from '../../../../shared/bridge-inbox'
import { CoreError } from '../../errors'
import type { EventBus } from '../../events'
import type { SettingsStore } from '../../settings/settings'
import type { Vault } from '../../vault'
import { type Intake, type IntakeRequest, startIntake } from '../webhook-intake'
import { checkReplayUrl, replayDelivery } from './inbox-replay'
import { DEFAULT_INBOX_LIMITS, type InboxLimits, openInboxStore, type StoredDelivery } from './inbox-store'

/** The vault entry of the inbox secret. */
export const INBOX_SECRET_NAME = 'webhook-inbox.secret'
/** Control Room's events are small; this leaves room for any receiver test a developer sends. */
export const INBOX_MAX_DELIVERY_BYTES = 1024 * 1024
const DEFAULT_LIST_LIMIT = 200

export interface WebhookInboxOptions {
  dataDir: string
  vault: Vault
  settings: SettingsStore
  events: EventBus
  logError(message: string, error: unknown): void
  limits?: InboxLimits
}

export interface WebhookInbox {
  /** Starts the receiver if the settings have it on (a failure shows in status()). */
  start(): Promise<void>
  status(): Promise<InboxStatus>
  configure(change: { enabled: boolean; port?: number | undefined }): Promise<InboxStatus>
  setSecret(secret: string | null): Promise<InboxStatus>
  list(limit?: number): InboxDeliverySummary[]
  get(id: string): InboxDelivery
  replay(id: string, url: string, allowAnyUrl: boolean): ReturnType<typeof replayDelivery>
  clear(): Promise<InboxStatus>
  close(): Promise<void>
}

const summaryOf = (delivery: StoredDelivery): InboxDeliverySummary => ({
  id: delivery.id,
  receivedAt: delivery.receivedAt,
  method: delivery.method,
  path: delivery.path,
  size: delivery.size,
  signature: delivery.signature,
  event: delivery.event,
  eventId: delivery.eventId,
})

/** The envelope's event name and id, when the body is a JSON object that has them. */
function envelopeOf(body: Buffer): { event: string | null; eventId: string | null } {
  try {
    const json = JSON.parse(body.toString('utf8')) as { event?: unknown; id?: unknown }
    const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 200) : null)
    return { event: text(json?.event), eventId: text(json?.id) }
  } catch {
    return { event: null, eventId: null }
  }
}

/** The signature state of headers and body against a secret (none: unchecked). */
function signatureOf(headers: [string, string][], body: Buffer, secret: string | undefined): InboxSignature {
  if (!secret) return 'unchecked'
  const header = headers.find(([name]) => name.toLowerCase() === SIGNATURE_HEADER)?.[1]
  if (header === undefined) return 'missing'
  return verifyWebhookSignature(secret, body, header) ? 'valid' : 'invalid'
}

const pairs = (raw: string[]): [string, string][] => {
  const result: [string, string][] = []
  for (let i = 0; i + 1 < raw.length; i += 2) result.push([raw[i] as string, raw[i + 1] as string])
  return result
}

/** Opens the inbox's store; the receiver starts with start() when the settings have it on. */
export function openWebhookInbox(options: WebhookInboxOptions): WebhookInbox {
  const limits = options.limits ?? DEFAULT_INBOX_LIMITS
  const store = openInboxStore(join(options.dataDir, 'webhook-inbox.sqlite'), limits)
  let intake: Intake | undefined
  let listenError: string | null = null
  let secret: string | undefined
  let secretLoaded = false
  let closed = false

  const loadSecret = async () => {
    if (!secretLoaded) {
      secret = await options.vault.get(INBOX_SECRET_NAME).catch((error) => {
        options.logError('the webhook inbox secret cannot be read from the vault', error)
        return undefined
      })
      secretLoaded = true
    }
    return secret
  }

  async function receive(request: IntakeRequest) {
    const headers = pairs(request.rawHeaders)
    const signature = signatureOf(headers, request.body, await loadSecret())
    const stored = store.add({
      method: request.method,
      path: request.path,
      headers,
      body: request.body,
      signature,
      ...envelopeOf(request.body),
    })
    options.events.emit('inbox.delivery', summaryOf(stored))
    if (signature === 'invalid' || signature === 'missing')
      return {
        status: 401,
        body: {
          error: {
            code: 'bad_signature',
            message: `The ${SIGNATURE_HEADER} header does not sign this body.`,
          },
        },
      }
    return { status: 200, body: { received: true } }
  }

  async function stopListening() {
    await intake?.close()
    intake = undefined
  }

  /** (Re)starts the receiver as the settings say; one at a time, so two calls cannot both listen. */
  let listening: Promise<void> = Promise.resolve()
  const listen = () => {
    listening = listening.then(relisten, relisten)
    return listening
  }

  async function relisten() {
    await stopListening()
    listenError = null
    const { enabled, port } = options.settings.get().webhookInbox
    if (!enabled || closed) return
    try {
      intake = await startIntake({
        port,
        maxBodyBytes: INBOX_MAX_DELIVERY_BYTES,
        handle: receive,
        onError: (error) => options.logError('the webhook inbox failed to store a delivery', error),
      })
      // Closed while it was starting: it must not outlive the core.
      if (closed) await stopListening()
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      listenError =
        code === 'EADDRINUSE'
          ? `Port ${port} is in use by another program; choose another port (0: any free one).`
          : `The receiver cannot listen on 127.0.0.1:${port} (${code ?? 'error'}).`
    }
  }

  async function status(): Promise<InboxStatus> {
    const { enabled, port } = options.settings.get().webhookInbox
    return {
      enabled,
      port,
      address: intake ? `${intake.origin}/` : null,
      error: listenError,
      secretSet: (await loadSecret()) !== undefined,
      ...store.totals(),
      maxCount: limits.maxCount,
      maxBytes: limits.maxBytes,
      maxDeliveryBytes: INBOX_MAX_DELIVERY_BYTES,
    }
  }

  const find = (id: string) => {
    const delivery = store.get(id)
    if (!delivery) throw new CoreError('inbox_not_found', 'That delivery is no longer in the inbox.')
    return delivery
  }

  return {
    start: listen,
    status,
    async configure({ enabled, port }) {
      options.settings.update((current) => ({
        ...current,
        webhookInbox: { enabled, port: port ?? current.webhookInbox.port },
      }))
      await listen()
      if (listenError) throw new CoreError('inbox_port_unavailable', listenError)
      return status()
    },
    async setSecret(next) {
      if (next === null) options.vault.delete(INBOX_SECRET_NAME)
      else await options.vault.set(INBOX_SECRET_NAME, next)
      secret = next ?? undefined
      secretLoaded = true
      store.recheck((delivery) => signatureOf(delivery.headers, delivery.body, secret))
      return status()
    },
    list: (limit = DEFAULT_LIST_LIMIT) => store.list(limit).map(summaryOf),
    get(id) {
      const delivery = find(id)
      return {
        ...summaryOf(delivery),
        headers: delivery.headers,
        body: delivery.body.toString('utf8'),
      }
    },
    async replay(id, url, allowAnyUrl) {
      const delivery = find(id)
      const target = checkReplayUrl(url, allowAnyUrl)
      if (delivery.signature === 'invalid' || delivery.signature === 'missing')
        throw new CoreError(
          'inbox_bad_signature',
          'This delivery’s signature does not check out against the inbox secret, so it is not replayed.',
        )
      return replayDelivery(delivery, target)
    },
    async clear() {
      store.clear()
      return status()
    },
    async close() {
      closed = true
      await listening
      await stopListening()
      store.close()
    },
  }
}
