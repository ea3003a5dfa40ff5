/**
 * Malformed input, correctly signed, to every route of the user-credential scopes (management API,
 * token vendor): never a 5xx, every error in the {"error":{"code","message"}} shape, no secret echoed.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCredential } from '../../../../src/platform/robocloud-hmac'
import { signedRequest } from '../../../support/credential-client'
import { hostileBody, hostileParam, hostileQuery } from '../../../support/hostile-input'
import { isErrorBody, roomFixture } from '../../../support/room-fixture'
import { concretePath } from '../../../support/room-routes'

const fixture = roomFixture({ mode: 'in-process' })

const input = fc.record({
  // Never all digits: that could name (and revoke) the credential the fuzzer signs with.
  param: hostileParam.filter((value) => !/^\d+$/.test(value)),
  query: hostileQuery(['limit', 'cursor', 'x']),
  body: hostileBody,
})

describe('user-credential routes under malformed input', () => {
  it('answer a 4xx with an error body, never a 5xx', async () => {
    const credential = fixture.room.bootstrap?.user_credential as string
    const secret = parseCredential(credential)?.secret as string
    const routes = fixture.room.routes.filter(
      (route) =>
        route.spec.auth === 'user-credential' && route.spec.operationId !== 'revokeSigningCredential',
    )
    expect(routes.map((route) => route.spec.operationId)).toEqual(
      expect.arrayContaining([
        'createApiKey',
        'updateApiKey',
        'createUserCredential',
        'requestWorkspaceToken',
      ]),
    )
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(input, async ({ param, query, body }) => {
          const path = `${concretePath(route, fixture.room.workspaceId, () => param)}${query ? `?${query}` : ''}`
          const withBody = ['POST', 'PUT', 'PATCH'].includes(route.spec.method)
          const response = await signedRequest(
            fixture.room.origin,
            credential,
            route.spec.method,
            path,
            undefined,
            withBody ? { rawBody: body.raw, headers: { 'content-type': body.type } } : {},
          )
          const context = `${route.spec.operationId} ${response.status} ${response.text.slice(0, 200)}`
          expect(response.status, context).toBeLessThan(500)
          // Signed correctly whatever the input: the guard must never be what refuses it.
          expect(response.status, context).not.toBe(401)
          if (response.status >= 400) expect(isErrorBody(response.body), context).toBe(true)
          expect(response.text).not.toContain(secret)
        }),
        { numRuns: 15 },
      )
    }
  }, 120_000) // every route, hundreds of requests, some of a megabyte
})
