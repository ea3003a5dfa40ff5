/** Bad input never becomes a 500: random bodies and queries against an in-process room. */
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { callApi } from '../support/localroom'
import { inProcessRoom, isErrorBody } from '../support/room-fixture'

const fixture = inProcessRoom()

describe('local Control Room input handling', () => {
  it('answers any JSON start body with a 4xx/501 error body, never a 500', async () => {
    // An unknown process: valid bodies end in 404 rather than starting robots.
    const path = `/workspaces/${fixture.room.workspaceId}/processes/${randomUUID()}/process-runs`
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({
        type: fc.constantFrom('with_payloads', 'with_inputs', 'with_work_item_ids', 'x'),
        payloads: fc.jsonValue(),
      }),
      fc.record({ callback: fc.jsonValue() }),
    )
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const response = await callApi(fixture.room.url, 'POST', path, {
          key: fixture.room.bootstrap?.api_key,
          rawBody: JSON.stringify(value),
        })
        expect([400, 404, 501]).toContain(response.status)
        expect(isErrorBody(response.body)).toBe(true)
      }),
      { numRuns: 60 },
    )
  })

  it('answers any list query with 200 or a 400 naming the parameter', async () => {
    const query = fc.dictionary(
      fc.constantFrom('limit', 'state', 'cursor', 'process_id', 'other'),
      fc.string(),
      {
        maxKeys: 4,
      },
    )
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const search = new URLSearchParams(params).toString()
        const response = await callApi(
          fixture.room.url,
          'GET',
          `/workspaces/${fixture.room.workspaceId}/process-runs?${search}`,
          {
            key: fixture.room.bootstrap?.api_key,
          },
        )
        if (response.status === 200) expect(response.body).toMatchObject({ has_more: false, data: [] })
        else {
          expect(response.status).toBe(400)
          expect(response.body.error.message).toMatch(/"(limit|state|cursor|process_id)"/)
        }
      }),
      { numRuns: 60 },
    )
  })
})
