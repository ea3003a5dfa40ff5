/**
 * A user's access credentials (management API): what Control Room's Access Credentials page does.
 * Create (the `<id>:<secret>` string is answered once and never again), list (label, created, last
 * used; never the secret), revoke. A user only ever sees and revokes their own credentials.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { MANAGEMENT_PREFIX, type RoomContext } from '../../context'
import { credentialCaller } from '../../credentials/credential-auth'
import {
  type CredentialRow,
  createCredential,
  credentialSecretKey,
  listCredentials,
  revokeCredential,
} from '../../credentials/credentials'
import { notFound } from '../../http/errors'
import { answerPage } from '../../http/pagination'
import { routeDefiner } from '../../http/route-definition'
import { Deleted, isoDateTime, PageQuery, page } from '../../http/schemas'

export const CredentialResource = z.object({
  id: z.string().describe('the numeric identifier, the part before ":" in the credential string'),
  label: z.string(),
  bootstrap: z.boolean().describe('the credential the room re-issues on each start with --print-bootstrap'),
  created_at: isoDateTime,
  last_used_at: isoDateTime.nullable(),
})

const CreatedCredential = CredentialResource.extend({
  credential: z.string().describe('"<id>:<96 hex>", shown only in this response'),
})

const CredentialParams = z.object({ credential_id: z.string().min(1).max(100) })
const CreateBody = z.object({ label: z.string().trim().min(1).max(200) })

/** A credential row as the API shows it. */
export function credentialResource(row: CredentialRow): z.infer<typeof CredentialResource> {
  return {
    id: String(row.id),
    label: row.label,
    bootstrap: row.bootstrap === 1,
    created_at: row.created_at,
    last_used_at: row.last_used_at,
  }
}

/** Registers the routes. */
export function registerUserCredentialRoutes(api: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(api, ctx.routes, MANAGEMENT_PREFIX)
  const sealKey = credentialSecretKey(ctx.roomSecret)
  const common = { tag: 'user-credential', auth: 'user-credential' as const }

  route(
    {
      ...common,
      method: 'GET',
      url: '/user/credentials',
      operationId: 'listUserCredentials',
      summary: "List the signing user's access credentials (never their secrets)",
      query: PageQuery,
      response: page(CredentialResource),
    },
    async ({ query, request }) => {
      const { userId } = credentialCaller(request)
      return answerPage<CredentialRow & { seq: number }, z.infer<typeof CredentialResource>>(
        request,
        ctx.origin(),
        query,
        (before, fetch) =>
          listCredentials(ctx.db, userId, fetch, before).map((row) => ({ ...row, seq: row.id })),
        credentialResource,
      )
    },
  )

  route(
    {
      ...common,
      method: 'POST',
      url: '/user/credentials',
      operationId: 'createUserCredential',
      summary: 'Create an access credential (its secret is shown only in this response)',
      body: CreateBody,
      bodyRequired: true,
      response: CreatedCredential,
    },
    async ({ body, request }) => {
      const { userId } = credentialCaller(request)
      const created = createCredential(ctx.db, sealKey, { userId, label: body.label })
      return { ...credentialResource(created), credential: created.credential }
    },
  )

  route(
    {
      ...common,
      method: 'DELETE',
      url: '/user/credentials/:credential_id',
      operationId: 'revokeUserCredential',
      summary: 'Revoke an access credential (refused from the next request on)',
      params: CredentialParams,
      errors: [404],
      response: Deleted,
    },
    async ({ params, request }) => {
      const { userId } = credentialCaller(request)
      const id = /^\d{1,15}$/.test(params.credential_id) ? Number(params.credential_id) : Number.NaN
      if (!Number.isSafeInteger(id) || !revokeCredential(ctx.db, userId, id)) {
        throw notFound(`Access credential ${params.credential_id} not found`)
      }
      return { id: params.credential_id, deleted: true as const }
    },
  )
}
