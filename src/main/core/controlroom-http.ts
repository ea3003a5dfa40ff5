/**
 * How Robodeck talks HTTP to any Control Room (the cloud, a regional or self-hosted one, the local
 * room): one place for the transport rules, so every call obeys them.
 * - `https:` only, except for loopback (the local room).
 * - TLS trusts Node's bundled roots, the OS certificate store and an optional extra CA file.
 * - Through HTTPS_PROXY/HTTP_PROXY/NO_PROXY, or a proxy setting; loopback never goes through a proxy.
 * - Redirects are followed by hand, and the Authorization header never goes to another origin.
 * - Safe requests (GET) are retried with exponential backoff and jitter on connection failures,
 *   429 and 5xx, honouring Retry-After; a POST is never repeated (it could start a second run).
 * - Each failure becomes a CoreError that says what to do.
 */
import { readFileSync } from 'node:fs'
import { setTimeout as delay } from 'node:timers/promises'
import tls from 'node:tls'
import { Agent, type Dispatcher, EnvHttpProxyAgent, request } from 'undici'
import { controlRoomErrorCode } from '../../shared/bridge'
import { PERMISSIONS } from '../../shared/permissions'
import { ApiErrorBody } from './controlroom-schemas'
import { CoreError } from './errors'

export interface NetworkSettings {
  /** A proxy URL for every non-loopback Control Room; unset: HTTPS_PROXY/HTTP_PROXY/NO_PROXY. */
  proxyUrl?: string
  /** A PEM file of extra certificate authorities (a company's TLS-inspecting proxy, a self-hosted CR). */
  caFile?: string
}

export interface HttpOptions {
  timeoutMs: number
  /** Extra attempts of a safe request. */
  retries: number
  retryBaseMs: number
  random: () => number
}

export const DEFAULT_HTTP: HttpOptions = {
  timeoutMs: 15_000,
  retries: 2,
  retryBaseMs: 500,
  random: Math.random,
}
const MAX_REDIRECTS = 3

export interface HttpAnswer {
  status: number
  json: unknown
  headers: Record<string, string | string[] | undefined>
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost'])
export const isLoopback = (url: URL) => LOOPBACK.has(url.hostname)

/** Throws a CoreError unless url is https:, or http: on loopback. */
export function checkApiUrl(apiUrl: string): URL {
  let url: URL
  try {
    url = new URL(apiUrl)
  } catch {
    throw new CoreError('insecure_url', `"${apiUrl.slice(0, 200)}" is not a URL.`)
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))) return url
  throw new CoreError(
    'insecure_url',
    `Control Room must be reached over https: (${url.origin} is not); only this computer's own addresses may use http:.`,
  )
}

/** The certificate authorities TLS trusts: Node's roots, the OS store, and the extra CA file. */
export function trustedCas(caFile?: string): string[] {
  const cas = [...tls.rootCertificates]
  try {
    cas.push(...tls.getCACertificates('system'))
  } catch {
    // An OS store Node cannot read: the bundled roots still apply.
  }
  if (caFile) {
    try {
      cas.push(readFileSync(caFile, 'utf8'))
    } catch (error) {
      throw new CoreError(
        'tls_failed',
        `The CA file ${caFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      )
    }
  }
  return cas
}

/** The dispatcher for one Control Room: direct on loopback, else through the proxy rules. */
export function createDispatcherFor(apiUrl: URL, settings: NetworkSettings = {}): Dispatcher {
  const ca = trustedCas(settings.caFile)
  const base = { keepAliveTimeout: 10_000, connections: 8, connect: { ca } }
  if (isLoopback(apiUrl)) return new Agent(base)
  return new EnvHttpProxyAgent({
    ...base,
    requestTls: { ca },
    proxyTls: { ca },
    ...(settings.proxyUrl ? { httpProxy: settings.proxyUrl, httpsProxy: settings.proxyUrl } : {}),
  })
}

export interface HttpRequest {
  method: 'GET' | 'POST'
  url: string
  authorization: string
  body?: string
  extraHeaders?: Record<string, string>
}

/** One Control Room call, with the redirect, retry and error rules above. */
export async function callControlRoom(
  dispatcher: Dispatcher,
  req: HttpRequest,
  options: HttpOptions,
): Promise<HttpAnswer> {
  const safe = req.method === 'GET'
  for (let attempt = 0; ; attempt++) {
    let answer: HttpAnswer
    try {
      answer = await followRedirects(dispatcher, req, options)
    } catch (error) {
      if (
        !safe ||
        attempt >= options.retries ||
        !(error instanceof CoreError) ||
        error.code !== 'unreachable'
      )
        throw error
      await delay(backoff(options, attempt))
      continue
    }
    const retryable = answer.status === 429 || answer.status >= 500
    if (answer.status < 400) return answer
    const retryAfter = retryAfterMs(answer.headers['retry-after'])
    const error = apiError(answer.status, answer.json, retryAfter)
    // A Retry-After longer than the call's own timeout is the watcher's business, not a retry's.
    if (!safe || !retryable || attempt >= options.retries || (retryAfter ?? 0) > options.timeoutMs)
      throw error
    await delay(Math.max(backoff(options, attempt), retryAfter ?? 0))
  }
}

const backoff = (options: HttpOptions, attempt: number) =>
  options.retryBaseMs * 2 ** attempt * (0.5 + options.random())

async function followRedirects(
  dispatcher: Dispatcher,
  req: HttpRequest,
  options: HttpOptions,
): Promise<HttpAnswer> {
  let url = new URL(req.url)
  const origin = url.origin
  let method = req.method
  let body = req.body
  for (let hop = 0; ; hop++) {
    const headers: Record<string, string> = { accept: 'application/json', ...req.extraHeaders }
    // The key is for the Control Room it was given for, never for wherever a redirect points.
    if (url.origin === origin) headers.authorization = req.authorization
    if (body !== undefined) headers['content-type'] = 'application/json'
    const answer = await once(dispatcher, url, method, headers, body, options.timeoutMs)
    const location = answer.headers.location
    if (answer.status < 300 || answer.status >= 400 || answer.status === 304 || !location) return answer
    if (hop >= MAX_REDIRECTS)
      throw new CoreError('bad_response', `Control Room at ${origin} redirected too many times.`)
    url = new URL(Array.isArray(location) ? (location[0] as string) : location, url)
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url)))
      throw new CoreError('insecure_url', `Control Room at ${origin} redirected to an insecure address.`)
    if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
      method = 'GET'
      body = undefined
    }
  }
}

async function once(
  dispatcher: Dispatcher,
  url: URL,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
): Promise<HttpAnswer> {
  let text: string
  let response: Dispatcher.ResponseData
  try {
    response = await request(url, {
      method,
      headers,
      body,
      dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    })
    text = await response.body.text()
  } catch (error) {
    throw transportError(url, error)
  }
  let json: unknown
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: response.statusCode, json, headers: response.headers }
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|HOSTNAME|ALTNAME/

/** A failure below HTTP, told apart: TLS, proxy, or not reachable. Never carries the request. */
export function transportError(url: URL, error: unknown): CoreError {
  const err = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException }
  const code = err.code ?? err.cause?.code ?? err.name
  if (TLS_CODES.test(code))
    return new CoreError(
      'tls_failed',
      `The certificate of ${url.origin} is not trusted (${code}). If your company inspects TLS, add its CA file in the connection settings.`,
    )
  if ((code === 'UND_ERR_ABORTED' && /proxy/i.test(err.message)) || /^Proxy/i.test(err.message ?? ''))
    return new CoreError(
      'proxy_failed',
      `The proxy refused the connection to ${url.origin} (${code}). Check the proxy setting.`,
    )
  return new CoreError('unreachable', `Cannot reach Control Room at ${url.origin} (${code}).`)
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. Capped at an hour. */
export function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header
  if (!value) return undefined
  const seconds = Number(value)
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now()
  if (Number.isNaN(ms)) return undefined
  return Math.min(Math.max(ms, 0), 3_600_000)
}

/** The permission a 403 names, when it names one of the spec's scopes. */
export function permissionNamed(message: string): string | undefined {
  return PERMISSIONS.find((permission) => message.includes(permission))
}

/** An error answer as a CoreError that says what it means and what to do. */
export function apiError(status: number, json: unknown, retryAfter?: number): CoreError {
  const body = ApiErrorBody.safeParse(json)
  const theirCode = body.success ? body.data.error.code : `http_${status}`
  const theirMessage = body.success ? body.data.error.message : ''
  const said = `(HTTP ${status}, ${theirCode})${theirMessage ? `: ${theirMessage}` : ''}`
  const extra = { retryAfterMs: retryAfter }
  if (status === 401)
    return new CoreError(
      'key_rejected',
      `Control Room did not accept the API key ${said}. Replace the key.`,
      status,
    )
  if (status === 403) {
    const permission = permissionNamed(theirMessage)
    if (permission)
      return new CoreError(
        'missing_permission',
        `This key lacks the permission ${permission}. Give it that permission in Control Room, or use another key.`,
        status,
        { permission },
      )
    return new CoreError('access_denied', `Control Room refused the request ${said}.`, status)
  }
  if (status === 404)
    return new CoreError('not_found', `Control Room does not know that item ${said}.`, status)
  if (status === 429)
    return new CoreError('rate_limited', `Control Room asks Robodeck to slow down ${said}.`, status, extra)
  const code = body.success ? controlRoomErrorCode(theirCode) : (`http_${status}` as const)
  return new CoreError(code, `Control Room answered with an error ${said}.`, status, extra)
}
