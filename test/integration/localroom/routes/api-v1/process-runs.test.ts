/** Processes and process runs of the local Control Room, over real HTTP against the built CLI. */

import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../../src/localroom/db/db'
import { type ApiResponse, specResponseSchema, validateAgainstSpec } from '../../../../support/localroom'
import { openRawRequest } from '../../../../support/raw-http-request'
import { itWithSpec, roomFixture } from '../../../../support/room-fixture'

const fixture = roomFixture({ mode: 'spawned' })
const { api, ws, waitForRunEnd } = fixture
let processId: string
const started: string[] = []

const startRun = async (body?: unknown): Promise<string> => {
  const response = await api('POST', `/workspaces/${ws()}/processes/${processId}/process-runs`, { body })
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  started.push(response.body.id)
  return response.body.id
}
const expectSpec = (method: string, path: string, response: ApiResponse) => {
  expect(validateAgainstSpec(specResponseSchema(method, path, response.status), response.body)).toEqual([])
}
const readDb = <T>(fn: (db: DatabaseSync) => T): T => {
  const db = new DatabaseSync(join(fixture.dataDir, DB_FILE), { readOnly: true })
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

describe('local Control Room processes and runs', () => {
  it('gets the workspace and lists the sample processes', async () => {
    const workspace = await api('GET', `/workspaces/${ws()}`)
    expect(workspace.body).toEqual({
      id: ws(),
      name: 'Local workspace',
      organization: { id: expect.any(String), name: 'Local' },
    })
    const processes = await api('GET', `/workspaces/${ws()}/processes`)
    expect(processes.status).toBe(200)
    expect(processes.body.data).toEqual(
      ['Echo payload', 'Sales report', 'Flaky items', 'Long job'].map((name) => ({
        id: expect.any(String),
        name,
        created_at: expect.any(String),
      })),
    )
    processId = processes.body.data[0].id
  })

  it('runs the sample process to completed, with times, duration and console output', async () => {
    const before = Date.now()
    const id = await startRun()
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    const run = await waitForRunEnd(id)
    expect(run).toEqual({
      id,
      state: 'completed',
      created_at: expect.any(String),
      started_at: expect.any(String),
      ended_at: expect.any(String),
      process: { id: processId, name: 'Echo payload' },
      started_by: { type: 'api', details: null },
      duration: expect.any(Number),
    })
    const created = Date.parse(run.created_at)
    const startedAt = Date.parse(run.started_at)
    const ended = Date.parse(run.ended_at)
    expect(created).toBeGreaterThanOrEqual(before - 1000)
    expect(startedAt).toBeGreaterThanOrEqual(created)
    expect(ended).toBeGreaterThanOrEqual(startedAt)
    expect(run.duration).toBeCloseTo((ended - startedAt) / 1000, 2)
    const lines = readDb((db) =>
      db
        .prepare(
          `SELECT c.stream, c.message, c.timestamp FROM console_messages c JOIN step_runs s ON s.id = c.step_run_id
           WHERE s.process_run_id = ? ORDER BY c.seq`,
        )
        .all(id),
    )
    expect(lines).toContainEqual({
      stream: 'stdout',
      message: 'Item 1: {}',
      timestamp: expect.stringMatching(/Z$/),
    })
  })

  it('runs with payloads, one input work item each, echoed as outputs', async () => {
    const payloads = [{ order: 1, items: ['a', 'b'] }, 'text', null]
    const id = await startRun({ type: 'with_payloads', payloads })
    expect((await waitForRunEnd(id)).state).toBe('completed')
    const stored = readDb((db) => ({
      inputs: db
        .prepare('SELECT payload, state FROM work_items WHERE process_run_id = ? ORDER BY seq')
        .all(id),
      outputs: db.prepare('SELECT payload FROM run_outputs WHERE process_run_id = ? ORDER BY seq').all(id),
    }))
    expect(stored.inputs.map((row) => [JSON.parse(String(row.payload)), row.state])).toEqual(
      payloads.map((p) => [p, 'done']),
    )
    expect(stored.outputs.map((row) => JSON.parse(String(row.payload)))).toEqual(payloads)
  })

  it('accepts an empty JSON body and a callback as the default start', async () => {
    const empty = await api('POST', `/workspaces/${ws()}/processes/${processId}/process-runs`, {
      rawBody: '',
    })
    expect(empty.body).toEqual({ started: true, id: expect.any(String) })
    started.push(empty.body.id)
    await startRun({
      callback: { url: 'http://127.0.0.1:9/hook', secret: 's', callback_events: ['completed'] },
    })
  })

  it('lists runs newest first and pages through them with next', async () => {
    for (let i = 0; i < 3; i++) await startRun({ type: 'with_payloads', payloads: [i] })
    const newestFirst = [...started].reverse()
    const seen: string[] = []
    let page = await api('GET', `/workspaces/${ws()}/process-runs?limit=2`)
    let pages = 0
    for (;;) {
      expect(page.status).toBe(200)
      expect(page.body.data.length).toBeLessThanOrEqual(2)
      seen.push(...page.body.data.map((run: { id: string }) => run.id))
      pages++
      if (pages === 1) {
        // A run started while paging must not shift the pages that follow.
        await startRun()
      }
      if (!page.body.has_more) break
      expect(page.body.next).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/.*cursor=/)
      page = await api('GET', page.body.next)
    }
    expect(page.body.next).toBeNull()
    expect(seen).toEqual(newestFirst)
    expect(pages).toBe(Math.ceil(newestFirst.length / 2))

    const filtered = await api(
      'GET',
      `/workspaces/${ws()}/process-runs?process_id=${processId}&state=completed&limit=100`,
    )
    expect(filtered.body.data.every((run: { state: string }) => run.state === 'completed')).toBe(true)
    const none = await api('GET', `/workspaces/${ws()}/process-runs?process_id=${randomUUID()}`)
    expect(none.body).toEqual({ next: null, has_more: false, data: [] })
  })

  it('answers 404 for an unknown run or process', async () => {
    const run = await api('GET', `/workspaces/${ws()}/process-runs/${randomUUID()}`)
    expect(run.status).toBe(404)
    expect(run.body.error.code).toBe('not_found')
    const process = await api('POST', `/workspaces/${ws()}/processes/${randomUUID()}/process-runs`)
    expect(process.status).toBe(404)
  })

  it('answers 400 naming the field for malformed input', async () => {
    const path = `/workspaces/${ws()}/processes/${processId}/process-runs`
    const payloads = await api('POST', path, { body: { type: 'with_payloads', payloads: 'not a list' } })
    expect(payloads.status).toBe(400)
    expect(payloads.body.error).toEqual({
      code: 'invalid_request',
      message: expect.stringContaining('"payloads"'),
    })
    const type = await api('POST', path, { body: { type: 'with_everything' } })
    expect(type.body.error.message).toContain('"type"')
    const notObject = await api('POST', path, { body: [1, 2] })
    expect(notObject.status).toBe(400)
    // The sample process's input queue is empty: nothing to start.
    const noInputs = await api('POST', path, { body: { type: 'with_inputs' } })
    expect(noInputs.body).toEqual({ started: false })
    const noIds = await api('POST', path, { body: { type: 'with_work_item_ids', work_item_ids: [] } })
    expect(noIds.body.error.message).toContain('"work_item_ids"')
    const state = await api('GET', `/workspaces/${ws()}/process-runs?state=done`)
    expect(state.status).toBe(400)
    expect(state.body.error.message).toContain('"state"')
    const limit = await api('GET', `/workspaces/${ws()}/process-runs?limit=0`)
    expect(limit.body.error.message).toContain('"limit"')
    const cursor = await api('GET', `/workspaces/${ws()}/process-runs?cursor=xyz`)
    expect(cursor.body.error.message).toContain('"cursor"')
    const badUrl = await api('GET', `/workspaces/${ws()}/process-runs/%E0%A4%A`)
    expect(badUrl.status).toBe(400)
    expect(badUrl.body.error.code).toBe('invalid_request')
    const longId = await api('GET', `/workspaces/${ws()}/process-runs/${'a'.repeat(500)}`)
    expect(longId.body.error).toEqual({ code: 'invalid_request', message: expect.any(String) })
  })

  it('answers 400 for bad JSON, 415 for another content type, 413 for a huge body', async () => {
    const path = `/workspaces/${ws()}/processes/${processId}/process-runs`
    const badJson = await api('POST', path, { rawBody: '{"type": ' })
    expect(badJson.status).toBe(400)
    expect(badJson.body.error.code).toBe('invalid_json')
    const text = await api('POST', path, { rawBody: 'hello', contentType: 'text/plain' })
    expect(text.status).toBe(415)
    expect(text.body.error.code).toBe('unsupported_media_type')
    const huge = await api('POST', path, {
      body: { type: 'with_payloads', payloads: ['x'.repeat(2 * 1024 * 1024)] },
    })
    expect(huge.status).toBe(413)
    expect(huge.body.error.code).toBe('payload_too_large')
  })

  it('answers 413 before a slow client has sent its body, and lets it finish on a live connection', async () => {
    // Fastify closes the connection on a body error; a client still sending then gets a broken pipe
    // (or a reset that can destroy the 413). A body within the drain limit is read and dropped instead.
    const announced = 2 * 1024 * 1024
    const request = openRawRequest(fixture.origin, {
      method: 'POST',
      target: `/api/v1/workspaces/${ws()}/processes/${processId}/process-runs`,
      headers: { authorization: `RC-WSKEY ${fixture.key()}`, 'content-type': 'application/json' },
      contentLength: announced,
    })
    const answer = await request.response
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).error.code).toBe('payload_too_large')
    expect(answer.headers.connection).not.toBe('close')
    for (let sent = 0; sent < announced; sent += 256 * 1024)
      await request.write(Buffer.alloc(256 * 1024, 0x20))
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(request.closed()).toBe(false)
    request.abort()
  })

  itWithSpec('checks bodies against the spec for real (a wrong body fails)', () => {
    const schema = specResponseSchema('get', '/workspaces/{workspace_id}/process-runs/{process_run_id}', 200)
    const run = {
      id: 'r',
      state: 'completed',
      created_at: '2023-10-01T00:00:00.000Z',
      started_at: null,
      ended_at: null,
      process: { id: 'p', name: 'n' },
      started_by: { type: 'api', details: null },
      duration: null,
    }
    expect(validateAgainstSpec(schema, run)).toEqual([])
    expect(validateAgainstSpec(schema, { ...run, state: 'done' })).not.toEqual([])
    expect(validateAgainstSpec(schema, { ...run, created_at: 'yesterday' })).not.toEqual([])
    expect(validateAgainstSpec(schema, { ...run, process: { id: 'p' } })).not.toEqual([])
    const { duration: _, ...withoutDuration } = run
    expect(validateAgainstSpec(schema, withoutDuration)).not.toEqual([])
  })

  itWithSpec('answers every implemented operation in the shape of the spec', async () => {
    expectSpec('get', '/workspaces/{workspace_id}', await api('GET', `/workspaces/${ws()}`))
    expectSpec(
      'get',
      '/workspaces/{workspace_id}/processes',
      await api('GET', `/workspaces/${ws()}/processes`),
    )
    const start = await api('POST', `/workspaces/${ws()}/processes/${processId}/process-runs`)
    started.push(start.body.id)
    expectSpec('post', '/workspaces/{workspace_id}/processes/{process_id}/process-runs', start)
    const fresh = await api('GET', `/workspaces/${ws()}/process-runs/${start.body.id}`)
    expectSpec('get', '/workspaces/{workspace_id}/process-runs/{process_run_id}', fresh)
    await waitForRunEnd(start.body.id)
    expectSpec(
      'get',
      '/workspaces/{workspace_id}/process-runs/{process_run_id}',
      await api('GET', `/workspaces/${ws()}/process-runs/${start.body.id}`),
    )
    expectSpec(
      'get',
      '/workspaces/{workspace_id}/process-runs',
      await api('GET', `/workspaces/${ws()}/process-runs?limit=2`),
    )
    expectSpec(
      'get',
      '/workspaces/{workspace_id}/process-runs',
      await api('GET', `/workspaces/${ws()}/process-runs?limit=100`),
    )
    const bad = await api('POST', `/workspaces/${ws()}/processes/${processId}/process-runs`, {
      body: { type: 1 },
    })
    expectSpec('post', '/workspaces/{workspace_id}/processes/{process_id}/process-runs', bad)
    expectSpec(
      'get',
      '/workspaces/{workspace_id}/process-runs/{process_run_id}',
      await api('GET', `/workspaces/${ws()}/process-runs/x`),
    )
  })

  it('keeps runs across a restart and rotates the bootstrap key', async () => {
    await Promise.all(started.map((id) => waitForRunEnd(id)))
    const oldKey = fixture.key()
    const stopped = fixture.process
    await fixture.close()
    expect(stopped.child.exitCode).toBe(0)
    await fixture.restart()
    expect(ws()).not.toBe('')
    expect(fixture.key()).not.toBe(oldKey)
    const refused = await api('GET', `/workspaces/${ws()}`, { key: oldKey })
    expect(refused.status).toBe(401)
    const list = await api('GET', `/workspaces/${ws()}/process-runs?limit=100`)
    expect(list.body.data.map((run: { id: string }) => run.id)).toEqual([...started].reverse())
    expect(list.body.data.every((run: { state: string }) => run.state === 'completed')).toBe(true)
  })
})
