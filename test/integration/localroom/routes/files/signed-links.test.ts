/**
 * The room's signed links (artifact and asset downloads, work item, asset and task package upload
 * targets) as an attacker sends them, over raw sockets so that backslashes, dot segments and
 * percent-encodings reach the room unmodified:
 * - a link opens exactly the resource it was signed for (issue 7, finding 3);
 * - an upload without a valid link is refused before a byte of its body is read (finding 2);
 * - an accepted upload streams to a temporary file in the data dir, and nothing is left behind
 *   when it fails or the client goes away.
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Client } from 'undici'
import { beforeAll, describe, expect, it } from 'vitest'
import { LINGER_MS } from '../../../../../src/localroom/http/early-reply'
import { uploadTempDir } from '../../../../../src/localroom/http/upload-files'
import { workItemFilePath } from '../../../../../src/localroom/work-items/work-item-files'
import { waitFor } from '../../../../support/localroom'
import { insertTestProcess, writeTestRobot } from '../../../../support/localroom-test-robot'
import { openRawRequest, rawRequest, targetOf } from '../../../../support/raw-http-request'
import { roomFixture } from '../../../../support/room-fixture'

const fixture = roomFixture({
  mode: 'in-process',
  prepare: async (dir) => ({ robotsDir: await writeTestRobot(dir) }),
})
const { ws, wsApi } = fixture
let processId: string

const MiB = 1024 * 1024
const tempFiles = () =>
  existsSync(uploadTempDir(fixture.dataDir)) ? readdirSync(uploadTempDir(fixture.dataDir)) : []

/** The multipart framing around a work item file: the form_data fields, then the file part. */
function multipartFrame(boundary: string, fields: Record<string, string>, fileName: string) {
  const head = [
    ...Object.entries(fields).map(
      ([name, value]) =>
        `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    ),
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\ncontent-type: application/octet-stream\r\n\r\n`,
  ].join('')
  return { head: Buffer.from(head), tail: Buffer.from(`\r\n--${boundary}--\r\n`) }
}

/** A work item with a pending file of `size` bytes: its signed upload link and form fields. */
async function pendingFile(size: number) {
  const item = await wsApi('POST', '/work-items', {
    body: { process: { id: processId }, payload: { for: 'upload' } },
  })
  expect(item.status).toBe(200)
  const upload = await wsApi('POST', `/work-items/${item.body.id}/files/upload`, {
    body: {
      file_name: 'big.bin',
      file_size: size,
    },
  })
  expect(upload.status).toBe(200)
  return {
    itemId: item.body.id as string,
    url: upload.body.url as string,
    fields: upload.body.form_data as Record<string, string>,
  }
}

/** Sends a whole multipart upload of `content` to a work item upload link. */
async function uploadWorkItemFile(link: { url: string; fields: Record<string, string> }, content: Buffer) {
  const boundary = `----robodeck${randomBytes(8).toString('hex')}`
  const { head, tail } = multipartFrame(boundary, link.fields, 'big.bin')
  return rawRequest(fixture.room.origin, {
    method: 'POST',
    target: targetOf(link.url),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: Buffer.concat([head, content, tail]),
    timeoutMs: 60_000,
  })
}

beforeAll(() => {
  processId = insertTestProcess(fixture.dataDir, ws(), 'Signed links')
})

describe('a signed link opens exactly what it was signed for', () => {
  let report: { id: string; url: string }
  let data: { id: string; url: string }

  beforeAll(async () => {
    const started = await wsApi('POST', `/processes/${processId}/process-runs`, {
      body: {
        type: 'with_payloads',
        payloads: [{ mode: 'artifact' }],
      },
    })
    expect(started.status).toBe(200)
    const run = await fixture.waitForRunEnd(started.body.id)
    expect(run.state).toBe('completed')
    const steps = await wsApi('GET', `/step-runs?process_run_id=${started.body.id}`)
    const stepRunId = steps.body.data[0].id
    const artifacts = (await wsApi('GET', `/step-runs/${stepRunId}/artifacts`)).body.data as {
      id: string
      name: string
    }[]
    const withUrl = async (name: string) => {
      const id = artifacts.find((artifact) => artifact.name === name)?.id
      return (await wsApi('GET', `/step-runs/${stepRunId}/artifacts/${id}`)).body as {
        id: string
        url: string
      }
    }
    report = await withUrl('report.txt')
    data = await withUrl('sub/data.json')
  })

  it('serves an artifact through its own link, sent as it was handed out', async () => {
    const response = await rawRequest(fixture.room.origin, { method: 'GET', target: targetOf(report.url) })
    expect(response.status).toBe(200)
    expect(response.body).toBe('report body')
  })

  it("refuses another artifact's id behind backslashes and dot segments (the issue's exploit)", async () => {
    // WHATWG URL parsing turns this path into /files/artifacts/<report>/report.txt, the path the
    // signature was made for, while the router reads <data> as the artifact id.
    const query = new URL(report.url).search
    const target = `/files/artifacts/${data.id}/x\\..\\..\\${report.id}\\report.txt${query}`
    const response = await rawRequest(fixture.room.origin, { method: 'GET', target })
    expect(response.status).toBe(400)
    expect(JSON.parse(response.body).error).toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('signed link'),
    })
    expect(response.body).not.toContain('"a":1')
  })

  it.each([
    ['a backslash', (id: string) => `/files/artifacts/${id}/report.txt\\`],
    ['an encoded slash', (id: string) => `/files/artifacts/${id}%2F..%2F${id}/report.txt`],
    ['an encoded backslash', (id: string) => `/files/artifacts/${id}/x%5C..%5Creport.txt`],
    ['encoded dots', (id: string) => `/files/artifacts/${id}/%2e%2E`],
    ['a half-encoded dot segment', (id: string) => `/files/artifacts/${id}/.%2e`],
    ['a dot-dot segment', (id: string) => `/files/artifacts/${id}/..`],
    ['a dot segment', (id: string) => `/files/artifacts/${id}/.`],
  ])('refuses %s in a signed path with 400', async (_name, path) => {
    const query = new URL(report.url).search
    const response = await rawRequest(fixture.room.origin, {
      method: 'GET',
      target: `${path(report.id)}${query}`,
    })
    expect(response.status).toBe(400)
    expect(JSON.parse(response.body).error.code).toBe('invalid_request')
  })

  it("refuses one artifact's signature on another artifact's path, or under another name", async () => {
    const query = new URL(report.url).search
    for (const target of [
      `/files/artifacts/${data.id}/report.txt${query}`,
      `/files/artifacts/${report.id}/data.json${query}`,
      `/files/artifacts/${data.id}/data.json${query}`,
    ]) {
      const response = await rawRequest(fixture.room.origin, { method: 'GET', target })
      expect(response.status, target).toBe(403)
      expect(JSON.parse(response.body).error.code).toBe('forbidden')
    }
  })

  it('accepts the same link with its characters percent-encoded differently (same resource)', async () => {
    const url = new URL(report.url)
    const target = `${url.pathname.replace('report.txt', '%72eport.txt')}${url.search}`
    const response = await rawRequest(fixture.room.origin, { method: 'GET', target })
    expect(response.status).toBe(200)
    expect(response.body).toBe('report body')
  })

  it('refuses a signature or expiry given twice', async () => {
    const url = new URL(report.url)
    const signature = url.searchParams.get('signature')
    const target = `${url.pathname}${url.search}&signature=${signature}`
    const response = await rawRequest(fixture.room.origin, { method: 'GET', target })
    expect(response.status).toBe(403)
  })
})

describe('an upload without a valid link is refused before its body is read', () => {
  const ANNOUNCED = 64 * MiB

  /** Announces a 64 MiB body, sends 1 KiB of it and expects the answer without sending the rest. */
  async function refusedEarly(method: string, target: string, contentType: string) {
    const request = openRawRequest(fixture.room.origin, {
      method,
      target,
      headers: { 'content-type': contentType },
      contentLength: ANNOUNCED,
      timeoutMs: 5000,
    })
    await request.write(Buffer.alloc(1024, 0x61))
    const response = await request.response
    request.abort()
    return { ...response, error: JSON.parse(response.body).error }
  }

  const multipart = 'multipart/form-data; boundary=xyz'

  it('work item upload target: no signature, a wrong one, another file id, an ambiguous path', async () => {
    const link = await pendingFile(10)
    const url = new URL(link.url)
    const otherId = (await pendingFile(10)).url.split('/').pop()?.split('?')[0]
    for (const [target, status] of [
      [url.pathname, 403],
      [`${url.pathname}?expires=${url.searchParams.get('expires')}&signature=${'A'.repeat(43)}`, 403],
      [`/files/work-item-uploads/${otherId}${url.search}`, 403],
      ['/files/work-item-uploads/anything', 403],
      [`/files/work-item-uploads/x\\..\\${url.pathname.split('/').pop()}${url.search}`, 400],
    ] as const) {
      const response = await refusedEarly('POST', target, multipart)
      expect(response.status, target).toBe(status)
    }
    // The real link still works afterwards.
    expect((await uploadWorkItemFile(link, Buffer.from('0123456789'))).status).toBe(204)
  })

  it('asset upload target (PUT)', async () => {
    const asset = await wsApi('POST', '/assets', {
      body: { name: `refused-${randomBytes(4).toString('hex')}` },
    })
    const upload = await wsApi('POST', `/assets/${asset.body.id}/uploads`, {
      body: { content_type: 'text/plain' },
    })
    const url = new URL(upload.body.upload_url)
    for (const target of [url.pathname, `${url.pathname}?expires=1&signature=x`]) {
      const response = await refusedEarly('PUT', target, 'application/octet-stream')
      expect(response.status, target).toBe(403)
    }
    // A refused attempt does not spoil the upload.
    const status = await wsApi('GET', `/assets/${asset.body.id}/uploads/${upload.body.id}`)
    expect(status.body.status).toBe('pending')
  })

  it('task package upload target (POST and PUT)', async () => {
    const created = await wsApi('POST', '/task-packages', {
      body: { name: `refused-${randomBytes(4).toString('hex')}` },
    })
    const link = await wsApi('GET', `/task-packages/${created.body.id}/upload`)
    const url = new URL(link.body.url)
    for (const method of ['POST', 'PUT']) {
      for (const [target, status] of [
        [url.pathname, 403],
        [`${url.pathname}?expires=${url.searchParams.get('expires')}&signature=${'B'.repeat(43)}`, 403],
        [`${url.pathname}%5C..${url.search}`, 400],
      ] as const) {
        const response = await refusedEarly(method, target, 'application/zip')
        expect(response.status, `${method} ${target}`).toBe(status)
      }
    }
  })

  it('answers a client still pushing its body, then stops reading and closes the connection', async () => {
    // The client gets its answer (no reset destroys it), and the room neither reads the rest of the
    // body nor keeps the connection: it is closed after the linger time, not held for minutes.
    const pushing = openRawRequest(fixture.room.origin, {
      method: 'POST',
      target: '/files/work-item-uploads/anything',
      headers: { 'content-type': multipart },
      contentLength: 64 * MiB,
    })
    let sent = 0
    const pushed = (async () => {
      while (!pushing.closed() && sent < 64 * MiB) {
        await pushing.write(Buffer.alloc(MiB))
        sent += MiB
      }
    })().catch(() => {})
    expect((await pushing.response).status).toBe(403)
    await waitFor(() => pushing.closed(), { timeoutMs: LINGER_MS + 3000 })
    await pushed
    // What the client could push is what the socket buffers hold, not the 64 MiB announced.
    expect(sent).toBeLessThan(32 * MiB)

    const stalled = openRawRequest(fixture.room.origin, {
      method: 'POST',
      target: '/files/work-item-uploads/anything',
      headers: { 'content-type': multipart },
      contentLength: ANNOUNCED,
    })
    await stalled.write('--xyz\r\n')
    expect((await stalled.response).status).toBe(403)
    const refusedAt = Date.now()
    await waitFor(() => stalled.closed(), { timeoutMs: LINGER_MS + 3000 })
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(LINGER_MS - 100)
  })

  it('keeps a keep-alive connection across many refused small bodies, without piling listeners on it', async () => {
    const warnings: Error[] = []
    const onWarning = (warning: Error) => warnings.push(warning)
    process.on('warning', onWarning)
    const client = new Client(fixture.room.origin)
    let connects = 0
    client.on('connect', () => connects++)
    try {
      for (let i = 0; i < 15; i++) {
        const answer = await client.request({
          method: 'POST',
          path: '/files/work-item-uploads/anything',
          headers: { 'content-type': multipart },
          body: Buffer.alloc(4096),
        })
        await answer.body.dump()
        expect(answer.statusCode).toBe(403)
      }
      await new Promise((resolve) => setImmediate(resolve))
      expect(connects).toBe(1)
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([])
    } finally {
      process.off('warning', onWarning)
      await client.close()
    }
  })

  it('answers a path no route serves with 404 before reading its body (after the scope guard)', async () => {
    // Under the 1 MiB body limit, so that only the room's order of checks can answer before the body.
    const announced = 900 * 1024
    for (const [target, headers, status] of [
      ['/nothing/here', {}, 404],
      ['/files/nothing/here', {}, 404],
      [`/api/v1/workspaces/${ws()}/nothing`, {}, 401],
      [
        `/api/v1/workspaces/${ws()}/nothing`,
        { authorization: `RC-WSKEY ${fixture.room.bootstrap?.api_key}` },
        404,
      ],
    ] as const) {
      const request = openRawRequest(fixture.room.origin, {
        method: 'POST',
        target,
        headers: { 'content-type': 'application/json', ...headers },
        contentLength: announced,
        timeoutMs: 5000,
      })
      await request.write('{"padding": "')
      const response = await request.response
      request.abort()
      expect(response.status, target).toBe(status)
    }
  })

  it('leaves no temporary file and no pending state behind', () => {
    expect(tempFiles()).toEqual([])
  })
})

describe('uploads stream to disk', () => {
  it('writes a large work item file to a temporary file while it arrives, then moves it into place', async () => {
    const content = randomBytes(40 * MiB)
    const link = await pendingFile(content.length)
    const boundary = `----robodeck${randomBytes(8).toString('hex')}`
    const { head, tail } = multipartFrame(boundary, link.fields, 'big.bin')
    const request = openRawRequest(fixture.room.origin, {
      method: 'POST',
      target: targetOf(link.url),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      contentLength: head.length + content.length + tail.length,
      timeoutMs: 60_000,
    })
    const half = content.length / 2
    await request.write(Buffer.concat([head, content.subarray(0, half)]))
    // Half the file is on disk before the rest is sent: the room does not wait for the whole body.
    const partial = await waitFor(() => {
      const [name] = tempFiles()
      const size = name ? statSync(join(uploadTempDir(fixture.dataDir), name)).size : 0
      return size >= half - MiB ? name : null
    })
    expect(partial).toMatch(/\.part$/)
    await request.write(Buffer.concat([content.subarray(half), tail]))
    const response = await request.response
    request.abort()
    expect(response.status, response.body).toBe(204)

    const item = await wsApi('GET', `/work-items/${link.itemId}`)
    expect(item.body.files).toEqual([{ id: expect.any(String), name: 'big.bin', size: content.length }])
    const stored = readFileSync(workItemFilePath(fixture.dataDir, item.body.files[0].id))
    expect(createHash('sha256').update(stored).digest('hex')).toBe(
      createHash('sha256').update(content).digest('hex'),
    )
    expect(tempFiles()).toEqual([])
  })

  it('removes the temporary file when the client goes away mid-body, and the link still works', async () => {
    const content = randomBytes(8 * MiB)
    const link = await pendingFile(content.length)
    const boundary = 'abandoned'
    const { head, tail } = multipartFrame(boundary, link.fields, 'big.bin')
    const request = openRawRequest(fixture.room.origin, {
      method: 'POST',
      target: targetOf(link.url),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      contentLength: head.length + content.length + tail.length,
    })
    request.response.catch(() => {})
    await request.write(Buffer.concat([head, content.subarray(0, 2 * MiB)]))
    await waitFor(() => tempFiles().length === 1)
    request.abort()
    await waitFor(() => tempFiles().length === 0)
    expect((await wsApi('GET', `/work-items/${link.itemId}`)).body.files).toEqual([])

    expect((await uploadWorkItemFile(link, content)).status).toBe(204)
    expect(tempFiles()).toEqual([])
  })

  it('refuses a file larger than its file_size as soon as it passes it, and removes what it wrote', async () => {
    const link = await pendingFile(1000)
    const boundary = 'oversized'
    const { head, tail } = multipartFrame(boundary, link.fields, 'big.bin')
    const content = randomBytes(900 * 1024)
    const request = openRawRequest(fixture.room.origin, {
      method: 'POST',
      target: targetOf(link.url),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      contentLength: head.length + content.length + tail.length,
    })
    // A tenth of the body is enough for the room to know; the rest is never sent.
    await request.write(Buffer.concat([head, content.subarray(0, 90 * 1024)]))
    const response = await request.response
    expect(response.status).toBe(400)
    expect(JSON.parse(response.body).error.message).toContain('file_size')
    request.abort()
    expect(tempFiles()).toEqual([])

    // A body announced larger than file_size allows is a 413 before it is read.
    const announced = await uploadWorkItemFile(link, randomBytes(3 * MiB))
    expect(announced.status).toBe(413)
    expect((await uploadWorkItemFile(link, randomBytes(1000))).status).toBe(204)
  })

  it('refuses a malformed form with 400 and leaves nothing behind', async () => {
    const link = await pendingFile(4)
    for (const body of [
      'no boundary at all',
      '--b\r\ncontent-disposition: form-data; name="file"\r\n\r\nabcd',
      `--b\r\ncontent-disposition: form-data; name="file"\r\n${'x'.repeat(20_000)}`,
      '--b\r\nno-disposition: 1\r\n\r\nabcd\r\n--b--\r\n',
    ]) {
      const response = await rawRequest(fixture.room.origin, {
        method: 'POST',
        target: targetOf(link.url),
        headers: { 'content-type': 'multipart/form-data; boundary=b' },
        body,
      })
      expect(response.status, body.slice(0, 40)).toBe(400)
      expect(JSON.parse(response.body).error.code).toBe('invalid_request')
    }
    expect(tempFiles()).toEqual([])
  })
})
