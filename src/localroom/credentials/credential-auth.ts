/**
 * Guards routes whose auth mode is `user-credential`: requests signed with a user access credential
 * (`authorization: robocloud-hmac <id> <signature>` plus `authorization-timestamp`, see
 * robocloud-hmac.ts and docs/localroom.md). The header, the timestamp and the credential are checked
 * before the body is read; the signature, which covers the body's exact bytes, once it has been.
 * A route with a `:workspace_id` parameter also needs the credential's user to own that workspace.
 */
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { bodyDigest, HMAC_SCHEME, hmacSignature, TIMESTAMP_HEADER } from '../../platform/robocloud-hmac'
import type { RoomContext } from '../context'
import { nowIso } from '../db/db'
import { apiError, forbidden, unauthorized } from '../http/errors'
import { jsonBodyParser } from '../http/json-body'
import { routeConfig } from '../http/route-definition'
import { credentialSecretKey, findCredential, touchCredential, userOwnsWorkspace } from './credentials'

/** How far a request's timestamp may be from the room's clock, either way. */
export const MAX_CLOCK_SKEW_SECONDS = 300

/** Who signed a request, once the guard has accepted it. */
export interface CredentialCaller {
  userId: string
  credentialId: number
}

interface PendingCheck {
  id: number
  userId: string
  secret: string
  signature: string
  timestamp: string
}

// Per-request state lives in WeakMaps rather than on the request object: nothing to declare on
// fastify's types, and nothing a serializer could ever pick up.
const rawBodies = new WeakMap<FastifyRequest, Buffer>()
const pending = new WeakMap<FastifyRequest, PendingCheck>()
const callers = new WeakMap<FastifyRequest, CredentialCaller>()

const AUTHORIZATION = /^robocloud-hmac[ \t]+(\d{1,15})[ \t]+([A-Za-z0-9+/=_-]{1,128})[ \t]*$/i
const EMPTY_DIGESTS = [bodyDigest(''), bodyDigest('{}')]

/** Whether the guard still has to check a request's signature over its body (so it must be read). */
export function awaitsBodySignature(request: FastifyRequest): boolean {
  return pending.has(request)
}

/** The caller of a request the guard accepted (routes of a user-credential scope call it). */
export function credentialCaller(request: FastifyRequest): CredentialCaller {
  const caller = callers.get(request)
  if (!caller) throw unauthorized('A signed user access credential is required')
  return caller
}

/** Installs the guard, and the raw-body JSON parser it needs, on a scope. */
export function installCredentialAuth(api: FastifyInstance, ctx: RoomContext): void {
  const sealKey = credentialSecretKey(ctx.roomSecret)
  installRawJsonParser(api)

  api.addHook('onRequest', async (request) => {
    const config = routeConfig(request)
    if (config && config.auth !== 'user-credential') return
    const match = AUTHORIZATION.exec(request.headers.authorization ?? '')
    if (!match?.[1] || !match[2]) {
      throw unauthorized(
        `Missing or malformed Authorization header: expected "${HMAC_SCHEME} <credential id> <signature>"`,
      )
    }
    const timestamp = String(request.headers[TIMESTAMP_HEADER] ?? '')
    if (!/^\d{1,12}$/.test(timestamp)) {
      throw unauthorized(`Missing or malformed ${TIMESTAMP_HEADER} header: expected unix time in seconds`)
    }
    const skew = Math.abs(Date.now() / 1000 - Number(timestamp))
    if (skew > MAX_CLOCK_SKEW_SECONDS) {
      throw unauthorized(
        `The ${TIMESTAMP_HEADER} is ${Math.round(skew)} seconds away from the room's clock (clock skew; at most ${MAX_CLOCK_SKEW_SECONDS} allowed): check this computer's clock`,
      )
    }
    const credential = findCredential(ctx.db, sealKey, match[1])
    if (!credential) throw unauthorized('The user access credential is unknown or has been revoked')
    pending.set(request, { ...credential, signature: match[2], timestamp })
  })

  // preHandler: the body has been read (and parsed) by now, so the signature can cover its bytes.
  api.addHook('preHandler', async (request) => {
    const config = routeConfig(request)
    if (config && config.auth !== 'user-credential') return
    const check = pending.get(request)
    if (!check) throw unauthorized('A signed user access credential is required')
    // fastify leaves the body of a request for an unknown path unread when no parser takes its
    // content type; the signature cannot be checked over bytes never read, and the scheme signs
    // only JSON anyway.
    if (!rawBodies.has(request) && hasBody(request) && !isJson(request)) {
      throw apiError(
        415,
        'unsupported_media_type',
        'Unsupported content type: send the body as application/json',
      )
    }
    if (!signatureMatches(request, check)) {
      throw unauthorized(
        'The request signature does not match (it covers the method, the path with its query, the content type, the timestamp and the body)',
      )
    }
    // Only a last-used time: a disk that refuses it must not fail the request, and the time is
    // written once the disk takes writes again.
    const usedAt = nowIso()
    ctx.storage.ensure(`user credential ${check.id} last use`, () =>
      touchCredential(ctx.db, check.id, usedAt),
    )
    callers.set(request, { userId: check.userId, credentialId: check.id })
    if (request.is404 || !config) return
    const workspaceId = (request.params as { workspace_id?: unknown }).workspace_id
    if (typeof workspaceId === 'string' && !userOwnsWorkspace(ctx.db, check.userId, workspaceId)) {
      throw forbidden(`The credential's user does not manage workspace ${workspaceId.slice(0, 100)}`)
    }
  })
}

/**
 * Compares in constant time. The path is the request target as sent (with its query string, if
 * any). A request without a body may be signed over an empty body or over `{}`: rcc signs its
 * bodiless GET and DELETE calls with the digest of `{}`.
 */
function signatureMatches(request: FastifyRequest, check: PendingCheck): boolean {
  const given = Buffer.from(check.signature, 'base64')
  if (given.length !== 32) return false
  const raw = rawBodies.get(request)
  const digests = raw && raw.length > 0 ? [bodyDigest(raw)] : EMPTY_DIGESTS
  let matched = false
  for (const digest of digests) {
    const expected = Buffer.from(
      hmacSignature(check.secret, request.method, request.url, check.timestamp, digest),
      'base64',
    )
    // No early exit: every candidate is compared.
    matched = timingSafeEqual(expected, given) || matched
  }
  return matched
}

function isJson(request: FastifyRequest): boolean {
  return /^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length']
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

/** JSON bodies in this scope are read as bytes first (kept for the signature), then parsed. */
function installRawJsonParser(api: FastifyInstance): void {
  const parseJson = jsonBodyParser(api)
  // Scoped: fastify encapsulation keeps this parser to this scope; the root one serves the rest.
  api.removeContentTypeParser('application/json')
  api.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = Buffer.isBuffer(body) ? body : Buffer.from(body)
    rawBodies.set(request, raw)
    parseJson(request, raw.toString('utf8'), done)
  })
}
