/**
 * Replaying a stored delivery, as a webhook-forwarding CLI does: the original method, headers and
 * body bytes to a URL of the user's choice. Only http(s); only this computer (loopback) unless the
 * user explicitly allows any URL, so a replay cannot be turned against the network by accident.
 * Connection-level headers are not repeated (they describe the original hop, not the request).
 */
import { isIP } from 'node:net'
import { request } from 'undici'
import type { InboxReplayResult } from '../../../../shared/bridge-inbox'
import { CoreError } from '../../errors'
import type { StoredDelivery } from './inbox-store'

const HOP_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'proxy-authorization',
  'proxy-connection',
])
const REPLAY_TIMEOUT_MS = 10_000
const EXCERPT_BYTES = 2048

/** Whether a URL's host is this computer: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return host.startsWith('127.')
  return host === '::1'
}

/** The URL to replay to, or a CoreError `inbox_url_refused` saying why not. */
export function checkReplayUrl(raw: string, allowAnyUrl: boolean): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new CoreError('inbox_url_refused', 'That is not a URL (expected e.g. http://localhost:3000/hook).')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CoreError('inbox_url_refused', `Replays go to http or https URLs, not ${url.protocol}.`)
  if (!allowAnyUrl && !isLoopbackHost(url.hostname))
    throw new CoreError(
      'inbox_url_refused',
      `Replays go to this computer (localhost, 127.0.0.1, ::1) unless any URL is allowed; ${url.hostname} is not.`,
    )
  return url
}

/** Sends the delivery to `url`; answers the status, time taken and the start of the answer. */
export async function replayDelivery(delivery: StoredDelivery, url: URL): Promise<InboxReplayResult> {
  const headers = delivery.headers.filter(([name]) => !HOP_HEADERS.has(name.toLowerCase())).flat()
  const started = performance.now()
  try {
    const response = await request(url, {
      method: delivery.method as 'POST',
      headers,
      body: delivery.body,
      headersTimeout: REPLAY_TIMEOUT_MS,
      bodyTimeout: REPLAY_TIMEOUT_MS,
    })
    const excerpt = await readExcerpt(response.body)
    return {
      status: response.statusCode,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      responseExcerpt: excerpt,
    }
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).name
    // The origin only: a replay URL's query may carry a token.
    throw new CoreError('inbox_replay_failed', `No answer from ${url.origin} (${reason}).`)
  }
}

/** The first EXCERPT_BYTES of a body as text; the rest is not read. */
async function readExcerpt(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    chunks.push(chunk)
    size += chunk.length
    if (size >= EXCERPT_BYTES) {
      body.destroy()
      break
    }
  }
  return Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8')
}
