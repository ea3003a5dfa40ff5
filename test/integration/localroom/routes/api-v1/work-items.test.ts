/**
 * Work items (queue, payload, file upload through the signed URL, batch), starting runs with
 * work item ids and with inputs, and run outputs, over real HTTP against an in-process room.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalRoom, startLocalRoom } from '../../../../../src/localroom/server'
import { callApi, tamperSignature, waitFor } from '../../../../support/localroom'
import { insertTestProcess, writeTestRobot } from '../../../../support/localroom-test-robot'
import { expectSpecShape } from '../../../../support/room-fixture'

let dir: string
let room: LocalRoom
let processId: string
let otherProcessId: string

const ws = () => room.workspaceId
const api = (method: string, path: string, body?: unknown) =>
  callApi(room.url, method, path, { key: room.bootstrap?.api_key, body })
const spec = expectSpecShape
const createItem = async (payload: unknown, process = processId) => {
  const response = await api('POST', `/workspaces/${ws()}/work-items`, { process: { id: process }, payload })
  spec('post', '/workspaces/{workspace_id}/work-items', response)
  expect(response.status).toBe(200)
  return response.body
}
const startRun = (body: unknown, process = processId) =>
  api('POST', `/workspaces/${ws()}/processes/${process}/process-runs`, body)
const waitForEnd = (id: string) =>
  waitFor(async () => {
    const run = (await api('GET', `/workspaces/${ws()}/process-runs/${id}`)).body
    return ['completed', 'unresolved'].includes(run.state) ? run : null
  })

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-localroom-work-items-'))
  const robotsDir = await writeTestRobot(dir)
  room = await startLocalRoom({ dataDir: join(dir, 'data'), robotsDir, issueBootstrapKey: true })
  processId = insertTestProcess(join(dir, 'data'), room.workspaceId, 'Queue')
  otherProcessId = insertTestProcess(join(dir, 'data'), room.workspaceId, 'Other')
})

afterAll(async () => {
  await room?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('work items', () => {
  it('creates, gets, lists and updates the payload of a queued item', async () => {
    const item = await createItem({ order: 7 })
    expect(item).toMatchObject({
      state: 'new',
      process: { id: processId },
      process_run: null,
      step: null,
      step_run: null,
      payload: { order: 7 },
      files: [],
      exception: null,
    })
    const got = await api('GET', `/workspaces/${ws()}/work-items/${item.id}`)
    spec('get', '/workspaces/{workspace_id}/work-items/{work_item_id}', got)
    expect(got.body).toEqual(item)

    const list = await api('GET', `/workspaces/${ws()}/work-items?process_id=${processId}&state=new&limit=5`)
    spec('get', '/workspaces/{workspace_id}/work-items', list)
    expect(list.body.data[0]).not.toHaveProperty('payload')
    expect(list.body.data[0].id).toBe(item.id)
    const nested = await api('GET', `/workspaces/${ws()}/processes/${processId}/work-items?state=new`)
    expect(nested.body.data.map((i: { id: string }) => i.id)).toContain(item.id)

    const put = await api('PUT', `/workspaces/${ws()}/work-items/${item.id}/payload`, { payload: ['x'] })
    spec('put', '/workspaces/{workspace_id}/work-items/{work_item_id}/payload', put)
    expect(put.body).toEqual({ payload: ['x'] })
    const post = await api('POST', `/workspaces/${ws()}/work-items/${item.id}/payload`, { payload: 'y' })
    expect(post.body).toEqual({ payload: 'y' })
    await api('POST', `/workspaces/${ws()}/work-items/batch`, {
      batch_operation: 'delete',
      work_item_ids: [item.id],
    })
  })

  it('answers 400 naming the field and 404 for unknown ids', async () => {
    const noPayload = await api('POST', `/workspaces/${ws()}/work-items`, { process: { id: processId } })
    expect(noPayload.status).toBe(400)
    expect(noPayload.body.error.message).toContain('"payload"')
    spec('post', '/workspaces/{workspace_id}/work-items', noPayload)
    const unknownProcess = await api('POST', `/workspaces/${ws()}/work-items`, {
      process: { id: randomUUID() },
      payload: {},
    })
    expect(unknownProcess.status).toBe(404)
    const state = await api('GET', `/workspaces/${ws()}/work-items?state=busy`)
    expect(state.body.error.message).toContain('"state"')
    expect((await api('GET', `/workspaces/${ws()}/work-items/${randomUUID()}`)).status).toBe(404)
    const upload = await api('POST', `/workspaces/${ws()}/work-items/${randomUUID()}/files/upload`, {
      file_name: 'a.txt',
      file_size: 1,
    })
    expect(upload.status).toBe(404)
    const badName = await api('POST', `/workspaces/${ws()}/work-items/${randomUUID()}/files/upload`, {
      file_name: '../a.txt',
      file_size: 1,
    })
    expect(badName.body.error.message).toContain('"file_name"')
    const batch = await api('POST', `/workspaces/${ws()}/work-items/batch`, {
      batch_operation: 'explode',
      work_item_ids: ['x'],
    })
    expect(batch.body.error.message).toContain('"batch_operation"')
  })

  it('uploads a file through the returned URL and shows it in the item', async () => {
    const item = await createItem({ with: 'file' })
    const content = 'hello, file\n'
    const response = await api('POST', `/workspaces/${ws()}/work-items/${item.id}/files/upload`, {
      file_name: 'note.txt',
      file_size: content.length,
    })
    spec('post', '/workspaces/{workspace_id}/work-items/{work_item_id}/files/upload', response)
    const { url, form_data: formData } = response.body
    const form = new FormData()
    for (const [key, value] of Object.entries(formData)) form.append(key, String(value))
    form.append('file', new Blob([content]), 'note.txt')
    const uploaded = await fetch(url, { method: 'POST', body: form })
    expect(uploaded.status).toBe(204)
    const again = await fetch(url, { method: 'POST', body: form })
    expect(again.status).toBe(409)
    const tampered = await fetch(tamperSignature(url), { method: 'POST', body: form })
    expect(tampered.status).toBe(403)
    const got = await api('GET', `/workspaces/${ws()}/work-items/${item.id}`)
    expect(got.body.files).toEqual([{ id: expect.any(String), size: content.length, name: 'note.txt' }])
    spec('get', '/workspaces/{workspace_id}/work-items/{work_item_id}', got)

    const wrongSize = await api('POST', `/workspaces/${ws()}/work-items/${item.id}/files`, {
      file_name: 'b.bin',
      file_size: 3,
    })
    expect(wrongSize.body.upload.url).toMatch(/^http/)
    const short = new FormData()
    short.append('file', new Blob(['x']), 'b.bin')
    const refused = await fetch(wrongSize.body.upload.url, { method: 'POST', body: short })
    expect(refused.status).toBe(400)
    await api('POST', `/workspaces/${ws()}/work-items/batch`, {
      batch_operation: 'delete',
      work_item_ids: [item.id],
    })
  })
})

describe('starting runs from work items, outputs, batch', () => {
  it('answers started:false for with_inputs on an empty queue, then consumes the queue', async () => {
    const empty = await startRun({ type: 'with_inputs' })
    spec('post', '/workspaces/{workspace_id}/processes/{process_id}/process-runs', empty)
    expect(empty.body).toEqual({ started: false })
    const a = await createItem({ n: 1 })
    const b = await createItem({ n: 2 })
    await createItem({ n: 3 }, otherProcessId)
    const started = await startRun({ type: 'with_inputs' })
    expect(started.body).toEqual({ started: true, id: expect.any(String) })
    expect((await waitForEnd(started.body.id)).state).toBe('completed')
    const items = await api('GET', `/workspaces/${ws()}/process-runs/${started.body.id}/work-items`)
    expect(items.body.data.map((i: { id: string }) => i.id).sort()).toEqual([a.id, b.id].sort())
    expect(items.body.data.every((i: { state: string }) => i.state === 'done')).toBe(true)

    const outputs = await api('GET', `/workspaces/${ws()}/process-runs/${started.body.id}/outputs`)
    spec('get', '/workspaces/{workspace_id}/process-runs/{process_run_id}/outputs', outputs)
    expect(outputs.body.data.map((o: { payload: unknown }) => o.payload)).toEqual([{ n: 2 }, { n: 1 }])
    expect(outputs.body.data[0]).toMatchObject({
      process: { id: processId },
      process_run: { id: started.body.id },
      files: [],
    })
    const flat = await api('GET', `/workspaces/${ws()}/outputs?process_run_id=${started.body.id}&limit=1`)
    expect(flat.body.data).toEqual([outputs.body.data[0]])
    expect(flat.body.has_more).toBe(true)
    expect((await api('GET', `/workspaces/${ws()}/outputs`)).status).toBe(400)
    expect((await api('GET', `/workspaces/${ws()}/outputs?process_run_id=${randomUUID()}`)).status).toBe(404)
    expect((await startRun({ type: 'with_inputs' })).body).toEqual({ started: false })
  })

  it('starts with work item ids, refusing unknown, foreign and used items', async () => {
    const item = await createItem({ id: 'one' })
    const foreign = await createItem({ id: 'other' }, otherProcessId)
    const unknown = await startRun({ type: 'with_work_item_ids', work_item_ids: [randomUUID()] })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message).toContain('"work_item_ids"')
    spec('post', '/workspaces/{workspace_id}/processes/{process_id}/process-runs', unknown)
    const other = await startRun({ type: 'with_work_item_ids', work_item_ids: [foreign.id] })
    expect(other.status).toBe(400)
    const started = await startRun({ type: 'with_work_item_ids', work_item_ids: [item.id] })
    expect(started.body).toEqual({ started: true, id: expect.any(String) })
    const used = await startRun({ type: 'with_work_item_ids', work_item_ids: [item.id] })
    expect(used.status).toBe(409)
    expect(used.body.error.code).toBe('conflict')
    spec('post', '/workspaces/{workspace_id}/processes/{process_id}/process-runs', used)
    await waitForEnd(started.body.id)
    const got = await api('GET', `/workspaces/${ws()}/work-items/${item.id}`)
    expect(got.body).toMatchObject({
      state: 'done',
      process_run: { id: started.body.id },
      step: { id: expect.any(String) },
      step_run: { id: expect.any(String) },
    })
  })

  it('runs several payloads, marks a failed one done, retries another', async () => {
    const failing = await startRun({ type: 'with_payloads', payloads: [{ mode: 'fail' }, { n: 2 }] })
    const run = await waitForEnd(failing.body.id)
    expect(run.state).toBe('unresolved')
    const items = (await api('GET', `/workspaces/${ws()}/work-items?process_run_id=${run.id}`)).body.data
    expect(items.map((i: { state: string }) => i.state)).toEqual(['failed', 'failed'])
    expect(items[0].exception).toMatchObject({ type: 'application', code: 'robot_failed' })

    const marked = await api('POST', `/workspaces/${ws()}/work-items/batch`, {
      batch_operation: 'mark_as_done',
      work_item_ids: items.map((i: { id: string }) => i.id),
    })
    spec('post', '/workspaces/{workspace_id}/work-items/batch', marked)
    expect(marked.body).toEqual({ accepted: true })
    expect((await api('GET', `/workspaces/${ws()}/process-runs/${run.id}`)).body.state).toBe('completed')

    const second = await startRun({ type: 'with_payloads', payloads: [{ mode: 'fail' }] })
    await waitForEnd(second.body.id)
    const [failed] = (await api('GET', `/workspaces/${ws()}/work-items?process_run_id=${second.body.id}`))
      .body.data
    await api('PUT', `/workspaces/${ws()}/work-items/${failed.id}/payload`, { payload: { fixed: true } })
    const retried = await api('POST', `/workspaces/${ws()}/work-items/batch`, {
      batch_operation: 'retry',
      work_item_ids: [failed.id],
    })
    expect(retried.body).toEqual({ accepted: true })
    expect((await waitForEnd(second.body.id)).state).toBe('completed')
    const after = await api('GET', `/workspaces/${ws()}/work-items/${failed.id}`)
    expect(after.body).toMatchObject({ state: 'done', exception: null, payload: { fixed: true } })
  })
})
