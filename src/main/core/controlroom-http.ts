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
import { X509Certificate } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { isIP } from 'node:net'
import { isAbsolute } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import tls from 'node:tls'
import { Agent, type Dispatcher, EnvHttpProxyAgent, request } from 'undici'
import { controlRoomErrorCode } from '../../shared/bridge'
import { PERMISSIONS } from '../../shared/permissions'
import type { NetworkSettings } from '../../shared/settings'
import { ApiErrorBody } from './controlroom-schemas'
import { CoreError } from './errors'

export type { NetworkSettings } from '../../shared/settings'

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
  if (caFile) cas.push(readCaFile(caFile))
  return cas
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g
/** Far more than any CA bundle; a device or a huge file is not read whole. */
const MAX_CA_FILE_BYTES = 5 * 1024 * 1024

/**
 * The text of an extra CA file once it is known to hold PEM certificates that parse; otherwise a
 * CoreError with `code` that says what is wrong (`tls_failed` when a call meets it, `invalid_setting`
 * when the person sets it).
 */
export function readCaFile(caFile: string, code: 'tls_failed' | 'invalid_setting' = 'tls_failed'): string {
  const problem = (what: string) => new CoreError(code, `The CA file ${caFile} ${what}.`)
  if (!isAbsolute(caFile)) throw problem('is not an absolute path')
  let text: string
  try {
    const info = statSync(caFile)
    if (!info.isFile()) throw problem('is not a file')
    if (info.size > MAX_CA_FILE_BYTES) throw problem('is too large for a CA file (over 5 MB)')
    text = readFileSync(caFile, 'utf8')
  } catch (error) {
    if (error instanceof CoreError) throw error
    throw problem(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  const certificates = text.match(PEM_CERTIFICATE) ?? []
  if (certificates.length === 0) throw problem('holds no PEM certificate (-----BEGIN CERTIFICATE-----)')
  for (const pem of certificates) {
    try {
      new X509Certificate(pem)
    } catch {
      throw problem('holds a certificate that does not parse')
    }
  }
  return text
}

/**
 * Throws a CoreError `invalid_setting` unless proxyUrl is an http(s) proxy URL without credentials.
 * A bare `host:port` (as proxies are often written, and as curl takes them) means http://host:port;
 * URL would otherwise read its host as a scheme.
 */
export function checkProxyUrl(proxyUrl: string): string {
  let url: URL
  try {
    url = new URL(proxyUrl.includes('://') ? proxyUrl : `http://${proxyUrl}`)
  } catch {
    // Not repeated: what was typed may hold a password.
    throw new CoreError('invalid_setting', 'The proxy is not a URL (e.g. http://proxy.example.com:3128).')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CoreError('invalid_setting', `The proxy must be an http: or https: URL, not ${url.protocol}.`)
  // Settings are not the vault: a proxy password written here would sit in a plain file.
  if (url.username || url.password)
    throw new CoreError(
      'invalid_setting',
      'A proxy URL with a user name or password is not supported; use the proxy without them or through HTTPS_PROXY.',
    )
  return url.href
}

/** The proxy each dispatcher made here sends through, so its failures can be told from the server's. */
const proxies = new WeakMap<Dispatcher, URL>()

/**
 * The proxy a request to apiUrl takes: the setting, else HTTPS_PROXY/HTTP_PROXY as undici's
 * EnvHttpProxyAgent reads them (NO_PROXY aside: it only decides which failures name the proxy).
 */
export function proxyFor(apiUrl: URL, settings: NetworkSettings, env = process.env): URL | undefined {
  if (isLoopback(apiUrl)) return undefined
  const https = env.HTTPS_PROXY ?? env.https_proxy
  const http = env.HTTP_PROXY ?? env.http_proxy
  const configured = settings.proxyUrl ?? (apiUrl.protocol === 'https:' ? (https ?? http) : http)
  if (!configured) return undefined
  try {
    return new URL(configured)
  } catch {
    return undefined
  }
}

/** The dispatcher for one Control Room: direct on loopback, else through the proxy rules. */
export function createDispatcherFor(apiUrl: URL, settings: NetworkSettings = {}): Dispatcher {
  const ca = trustedCas(settings.caFile)
  const base = { keepAliveTimeout: 10_000, connections: 8, connect: { ca } }
  if (isLoopback(apiUrl)) return new Agent(base)
  const dispatcher = new EnvHttpProxyAgent({
    ...base,
    requestTls: { ca },
    proxyTls: { ca },
    ...(settings.proxyUrl ? { httpProxy: settings.proxyUrl, httpsProxy: settings.proxyUrl } : {}),
  })
  const proxy = proxyFor(apiUrl, settings)
  if (proxy) proxies.set(dispatcher, proxy)
  return dispatcher
}

/** The proxy a dispatcher made by createDispatcherFor goes through, if any. */
export const proxyOf = (dispatcher: Dispatcher): URL | undefined => proxies.get(dispatcher)

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
    throw transportError(url, error, proxyOf(dispatcher))
  }
  let json: unknown
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: response.statusCode, json, headers: response.headers }
}

/** Node's and OpenSSL's certificate and handshake error codes (X509 verify results, ERR_TLS_*, ERR_SSL_*). */
const TLS_CODES = /^(ERR_TLS_|ERR_SSL_)|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH/
/** Connection-level failures: whose they are (the proxy's or Control Room's) is told by the address. */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
])
/** undici's code for a TLS failure with an https: proxy itself. */
const PROXY_TLS_CODE = 'UND_ERR_PRX_TLS'

type NetError = NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string }

/** Whether a connection error names the proxy's own address (host and port, or the host not found). */
function namesProxy(err: NetError, proxy: URL): boolean {
  const port = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80))
  const host = proxy.hostname.replace(/^\[|\]$/g, '')
  if (err.hostname !== undefined) return err.hostname === host
  // A proxy named by host name connects to an address the error gives, not the name: the port decides.
  return err.port === port && (err.address === host || isIP(host) === 0)
}

/**
 * A failure below HTTP, told apart by its error code: TLS, proxy, or not reachable. Never carries the
 * request. `proxy` is the proxy the request went through, if any.
 */
export function transportError(url: URL, error: unknown, proxy?: URL): CoreError {
  const outer = error as NetError & { cause?: NetError }
  const err: NetError = outer.code ? outer : (outer.cause ?? outer)
  const code = err.code ?? outer.name
  const proxyFailed = () =>
    new CoreError(
      'proxy_failed',
      `The proxy refused the connection to ${url.origin} (${code}). Check the proxy setting.`,
    )
  if (code === PROXY_TLS_CODE) return proxyFailed()
  if (TLS_CODES.test(code))
    return new CoreError(
      'tls_failed',
      `The certificate of ${url.origin} is not trusted (${code}). If your company inspects TLS or the server has its own CA, add that CA file in Robodeck's network settings.`,
    )
  if (proxy && CONNECT_CODES.has(code) && namesProxy(err, proxy)) return proxyFailed()
  // A proxy that answers CONNECT with anything but 200: undici gives this abort no code of its own.
  if (proxy && code === 'UND_ERR_ABORTED' && /^Proxy response/.test(err.message)) return proxyFailed()
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
