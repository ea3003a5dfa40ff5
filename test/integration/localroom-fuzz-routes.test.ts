/**
 * Malformed input to every operation the room declares: random path parameters, queries and bodies
 * (JSON of any shape, bytes that are not JSON, the wrong content type). Never a 5xx (but the spec's
 * 501 for what is not served), never a crash, and every error in the {"error":{"code","message"}} shape.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { callApi } from '../support/localroom'
import { inProcessRoom, isErrorBody } from '../support/room-fixture'
import { apiKeyRoutes, concretePath } from '../support/room-routes'

const fixture = inProcessRoom()

const input = fc.record({
  param: fc.oneof(
    fc.uuid(),
    fc.string({ minLength: 1, maxLength: 40 }),
    fc.constantFrom('name:x', '..', '%00', 'a/b'),
  ),
  query: fc.dictionary(
    fc.constantFrom('limit', 'state', 'cursor', 'process_id', 'process_run_id', 'include_data', 'x'),
    fc.string({ maxLength: 20 }),
    { maxKeys: 3 },
  ),
  body: fc.oneof(
    fc.jsonValue().map((value) => ({ raw: JSON.stringify(value), type: 'application/json' })),
    fc.string().map((text) => ({ raw: text, type: 'application/json' })),
    fc.string().map((text) => ({ raw: text, type: 'text/plain' })),
  ),
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
          const search = new URLSearchParams(query).toString()
          const withBody = ['POST', 'PUT', 'PATCH'].includes(route.spec.method)
          const response = await callApi(
            fixture.room.origin,
            route.spec.method,
            `${path}${search ? `?${search}` : ''}`,
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
  })
})
