/**
 * Malformed input to every operation the room declares: random path parameters, queries and bodies
 * (JSON of any shape, nested far too deep, near the size limit, bytes that are not JSON, the wrong
 * content type; see support/hostile-input.ts). Never a 5xx (but the spec's 501 for what is not
 * served), never a crash, and every error in the {"error":{"code","message"}} shape.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hostileBody, hostileParam, hostileQuery } from '../support/hostile-input'
import { callApi } from '../support/localroom'
import { inProcessRoom, isErrorBody } from '../support/room-fixture'
import { apiKeyRoutes, concretePath } from '../support/room-routes'

const fixture = inProcessRoom()

const input = fc.record({
  param: hostileParam,
  query: hostileQuery(['limit', 'state', 'cursor', 'process_id', 'process_run_id', 'include_data', 'x']),
  body: hostileBody,
})

describe('every operation under malformed input', () => {
  it('answers with a 4xx (or the spec 501) and an error body, never a 5xx', async () => {
    const routes = apiKeyRoutes(fixture.room.routes)
    expect(routes.length).toBeGreaterThanOrEqual(5)
    const key = fixture.room.bootstrap?.api_key as string
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(input, async ({ param, query, body }) => {
          const path = concretePath(route, fixture.room.workspaceId, () => param)
          const withBody = ['POST', 'PUT', 'PATCH'].includes(route.spec.method)
          const response = await callApi(
            fixture.room.origin,
            route.spec.method,
            `${path}${query ? `?${query}` : ''}`,
            {
              key,
              ...(withBody ? { rawBody: body.raw, contentType: body.type } : {}),
            },
          )
          const context = `${route.spec.operationId} ${response.status}`
          expect(response.status === 501 || response.status < 500, context).toBe(true)
          if (response.status >= 400) expect(isErrorBody(response.body), context).toBe(true)
        }),
        { numRuns: 12 },
      )
    }
  }, 120_000) // every route, hundreds of requests, some of a megabyte
})
