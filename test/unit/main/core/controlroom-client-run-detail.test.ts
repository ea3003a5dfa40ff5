/** The client's run-detail reads against a real HTTP server: `next` links, console positions, downloads. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createControlRoomClient } from '../../../../src/main/core/controlroom-client'

const KEY = 'test-key-do-not-leak-0123456789'
let servers: Server[] = []

async function listen(handler: (req: IncomingMessage, res: ServerResponse, origin: string) => void) {
  const server = createServer((req, res) => handler(req, res, origin))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return origin
}

const clientFor = (origin: string) =>
  createControlRoomClient({
    apiUrl: `${origin}/api/v1`,
    workspaceId: 'w1',
    apiKey: async () => KEY,
    http: { retries: 0 },
  })

const json = (res: ServerResponse, body: unknown) => {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

afterEach(async () => {
  for (const server of servers) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  servers = []
})

const artifact = (n: number) => ({ id: `a${n}`, name: `file-${n}.txt`, size: n })

describe('Control Room client: run detail', () => {
  it('follows next links page by page on the same list', async () => {
    const seen: string[] = []
    const origin = await listen((req, res, own) => {
      seen.push(`${req.url} ${req.headers.authorization}`)
      const cursor = new URL(req.url ?? '', own).searchParams.get('cursor')
      const list = `${own}/api/v1/workspaces/w1/step-runs/s1/artifacts`
      if (!cursor)
        return json(res, { data: [artifact(1), artifact(2)], next: `${list}?cursor=c2`, has_more: true })
      if (cursor === 'c2')
        return json(res, { data: [artifact(3)], next: `${list}?cursor=c3`, has_more: true })
      json(res, { data: [artifact(4)], next: null, has_more: false })
    })
    const items = await clientFor(origin).listArtifacts('s1')
    expect(items.map((a) => a.id)).toEqual(['a1', 'a2', 'a3', 'a4'])
    expect(seen).toEqual([
      `/api/v1/workspaces/w1/step-runs/s1/artifacts RC-WSKEY ${KEY}`,
      `/api/v1/workspaces/w1/step-runs/s1/artifacts?cursor=c2 RC-WSKEY ${KEY}`,
      `/api/v1/workspaces/w1/step-runs/s1/artifacts?cursor=c3 RC-WSKEY ${KEY}`,
    ])
  })

  it('refuses a next link to another server or list, and the key never goes there', async () => {
    const elsewhere: string[] = []
    const other = await listen((req, res) => {
      elsewhere.push(`${req.url} ${req.headers.authorization}`)
      json(res, { data: [], next: null })
    })
    const origin = await listen((_req, res) =>
      json(res, {
        data: [artifact(1)],
        next: `${other}/api/v1/workspaces/w1/step-runs/s1/artifacts?cursor=x`,
      }),
    )
    await expect(clientFor(origin).listArtifacts('s1')).rejects.toMatchObject({ code: 'bad_response' })
    const sameHostOtherList = await listen((_req, res, own) =>
      json(res, { data: [artifact(1)], next: `${own}/api/v1/workspaces/w1/processes?cursor=x` }),
    )
    await expect(clientFor(sameHostOtherList).listArtifacts('s1')).rejects.toMatchObject({
      code: 'bad_response',
      message: expect.stringContaining('was not followed'),
    })
    expect(elsewhere).toEqual([])
  })

  it('reads the console from where it stopped: only lines that arrived since, across pages', async () => {
    const lines = Array.from({ length: 5 }, (_, i) => ({
      timestamp: `2026-01-01T00:00:0${i}Z`,
      message: `line ${i}`,
    }))
    let available = 3
    const origin = await listen((req, res, own) => {
      // Pages of two lines, cursor = index of the first line of the page.
      const from = Number(new URL(req.url ?? '', own).searchParams.get('cursor') ?? 0)
      const data = lines.slice(from, Math.min(from + 2, available))
      const hasMore = from + 2 < available
      const next = hasMore
        ? `${own}/api/v1/workspaces/w1/step-runs/s1/console-messages?cursor=${from + 2}`
        : null
      json(res, { data, next, has_more: hasMore })
    })
    const client = clientFor(origin)
    const first = await client.readConsole('s1', { pageQuery: '', seen: 0 }, 100)
    expect(first.lines.map((l) => l.message)).toEqual(['line 0', 'line 1', 'line 2'])
    expect(first.position).toEqual({ pageQuery: '?cursor=2', seen: 1 })
    expect(first.more).toBe(false)

    const quiet = await client.readConsole('s1', first.position, 100)
    expect(quiet.lines).toEqual([])

    available = 5
    const later = await client.readConsole('s1', first.position, 100)
    expect(later.lines.map((l) => l.message)).toEqual(['line 3', 'line 4'])

    // A cap stops the read and says there is more; the position continues exactly there.
    const capped = await client.readConsole('s1', { pageQuery: '', seen: 0 }, 3)
    expect(capped.lines.map((l) => l.message)).toEqual(['line 0', 'line 1', 'line 2'])
    expect(capped.more).toBe(true)
    const rest = await client.readConsole('s1', capped.position, 3)
    expect(rest.lines.map((l) => l.message)).toEqual(['line 3', 'line 4'])
    expect(rest.more).toBe(false)
  })

  it('downloads an artifact through its link without the key, reading at most the cap', async () => {
    const downloads: (string | undefined)[] = []
    const big = Buffer.alloc(3 * 1024 * 1024, 'x')
    const origin = await listen((req, res, own) => {
      if (req.url?.startsWith('/signed/')) {
        downloads.push(req.headers.authorization)
        res.writeHead(200, { 'content-type': 'application/octet-stream' })
        return res.end(req.url.endsWith('small') ? 'hello' : big)
      }
      const name = req.url?.endsWith('/a-big') ? 'big' : 'small'
      json(res, {
        id: 'a1',
        name: `${name}.txt`,
        size: name === 'big' ? big.length : 5,
        url: `${own}/signed/${name}`,
      })
    })
    const client = clientFor(origin)
    const small = await client.downloadArtifact('s1', 'a-small', 1024)
    expect(small).toMatchObject({ name: 'small.txt', size: 5, truncated: false })
    expect(small.bytes.toString()).toBe('hello')
    const cut = await client.downloadArtifact('s1', 'a-big', 1000)
    expect(cut.truncated).toBe(true)
    expect(cut.bytes.length).toBe(1000)
    expect(downloads).toEqual([undefined, undefined])
  })

  it('refuses a download link to an insecure address', async () => {
    const origin = await listen((_req, res) =>
      json(res, { id: 'a1', name: 'x.txt', size: 1, url: 'http://example.com/signed/x' }),
    )
    await expect(clientFor(origin).downloadArtifact('s1', 'a1', 10)).rejects.toMatchObject({
      code: 'insecure_url',
    })
  })

  it('stops a run with both of Control Room’s options in the spec’s field names', async () => {
    const bodies: unknown[] = []
    const origin = await listen((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        bodies.push({ url: req.url, body: JSON.parse(body) })
        json(res, { accepted: true })
      })
    })
    const accepted = await clientFor(origin).stopRun('r/1', {
      setRemainingWorkItemsAsDone: true,
      terminateOngoingActivityRuns: false,
    })
    expect(accepted).toBe(true)
    expect(bodies).toEqual([
      {
        url: '/api/v1/workspaces/w1/process-runs/r%2F1/stop',
        body: { set_remaining_work_items_as_done: true, terminate_ongoing_activity_runs: false },
      },
    ])
  })
})
