/**
 * The token vendor paths rcc and the VS Code extension call with a signed user access credential
 * (notes §9.2): user details (what `rcc configure credentials --verified` checks), revoking the
 * signing credential (`rcc configure credentials --delete`), and token requests.
 */
import { createHmac, randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { type RoomContext, TOKEN_VENDOR_PREFIX } from '../../context'
import { credentialCaller } from '../../credentials/credential-auth'
import { getUser, revokeCredential } from '../../credentials/credentials'
import { deriveKey } from '../../credentials/room-secret'
import { unauthorized } from '../../http/errors'
import { routeDefiner } from '../../http/route-definition'
import { Deleted, WorkspaceParams } from '../../http/schemas'

/** The capability sets rcc asks for (notes §9.2). */
export const CAPABILITY_SETS = [
  'run/robot',
  'edit/robot',
  'get/robot',
  'run/assistant',
  'view/workspaces',
] as const

/** Token lifetime when the request names none, and the longest one granted. */
const DEFAULT_TOKEN_SECONDS = 3600
const MAX_TOKEN_SECONDS = 24 * 3600

const TokenRequest = z.object({
  expiresIn: z
    .number()
    .int()
    .min(0)
    .max(366 * 24 * 3600)
    .optional(),
  capabilitySet: z.enum(CAPABILITY_SETS).optional(),
})
const TokenResponse = z.object({ token: z.string(), expiresIn: z.number().int() })

const UserDetails = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    company_name: z.string().nullable(),
  }),
})

/**
 * A compact HS256 JWT under a key derived from the room secret. Nothing in the room accepts these
 * tokens yet (the internal workspace-v1 / robot-v1 APIs are not served); rcc only needs to get one.
 */
function signJwt(roomSecret: Buffer, claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`
  const signature = createHmac('sha256', deriveKey(roomSecret, 'token-vendor-jwt'))
    .update(unsigned)
    .digest('base64url')
  return `${unsigned}.${signature}`
}

/** Registers the routes. */
export function registerTokenVendorRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, TOKEN_VENDOR_PREFIX)
  const common = { tag: 'token-vendor', auth: 'user-credential' as const }

  const issueToken = (
    request: Parameters<typeof credentialCaller>[0],
    body: z.infer<typeof TokenRequest> | undefined,
    workspaceId?: string,
  ) => {
    const { userId } = credentialCaller(request)
    const expiresIn = Math.min(body?.expiresIn || DEFAULT_TOKEN_SECONDS, MAX_TOKEN_SECONDS)
    const now = Math.floor(Date.now() / 1000)
    const claims = {
      iss: ctx.origin(),
      sub: userId,
      jti: randomUUID(),
      iat: now,
      exp: now + expiresIn,
      cap: body?.capabilitySet ?? null,
      ...(workspaceId ? { ws: workspaceId } : {}),
    }
    return { token: signJwt(ctx.roomSecret, claims), expiresIn }
  }

  route(
    {
      ...common,
      method: 'GET',
      url: '/user/details',
      operationId: 'getUserDetails',
      summary: "The signing credential's user",
      response: UserDetails,
    },
    async ({ request }) => {
      const user = getUser(ctx.db, credentialCaller(request).userId)
      if (!user) throw unauthorized('The user access credential is unknown or has been revoked')
      const { id, email, first_name, last_name, company_name } = user
      return { user: { id, email, first_name, last_name, company_name } }
    },
  )

  route(
    {
      ...common,
      method: 'DELETE',
      url: '/credential',
      operationId: 'revokeSigningCredential',
      summary: 'Revoke the credential that signed this request (rcc configure credentials --delete)',
      response: Deleted,
    },
    async ({ request }) => {
      const { userId, credentialId } = credentialCaller(request)
      revokeCredential(ctx.db, userId, credentialId)
      return { id: String(credentialId), deleted: true as const }
    },
  )

  route(
    {
      ...common,
      method: 'POST',
      url: '/user/tokenrequest',
      operationId: 'requestUserToken',
      summary: 'A short-lived token with user claims',
      body: TokenRequest,
      response: TokenResponse,
    },
    async ({ body, request }) => issueToken(request, body),
  )

  route(
    {
      ...common,
      method: 'POST',
      url: '/workspaces/:workspace_id/tokenrequest',
      operationId: 'requestWorkspaceToken',
      summary: 'A short-lived token with workspace claims',
      params: WorkspaceParams,
      body: TokenRequest,
      response: TokenResponse,
    },
    async ({ body, params, request }) => issueToken(request, body, params.workspace_id),
  )
}
