/** Bad input never becomes a 500: random bodies and queries against an in-process room. */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalRoom, startLocalRoom } from '../../src/localroom/server'
import { callApi } from '../support/localroom'

let dir: string
let room: LocalRoom

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-localroom-fuzz-'))
  room = await startLocalRoom({ dataDir: dir, issueBootstrapKey: true })
})

afterAll(async () => {
  await room?.close()
  await rm(dir, { recursive: true, force: true })
})

const isErrorBody = (body: unknown) =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as { error?: { code?: unknown } }).error?.code === 'string' &&
  typeof (body as { error?: { message?: unknown } }).error?.message === 'string'

describe('local Control Room input handling', () => {
  it('answers any JSON start body with a 4xx/501 error body, never a 500', async () => {
    // An unknown process: valid bodies end in 404 rather than starting robots.
    const path = `/workspaces/${room.workspaceId}/processes/${randomUUID()}/process-runs`
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
        const response = await callApi(room.url, 'POST', path, {
          key: room.bootstrap?.api_key,
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
          room.url,
          'GET',
          `/workspaces/${room.workspaceId}/process-runs?${search}`,
          {
            key: room.bootstrap?.api_key,
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
