import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createControlRoomClient } from '../../../../src/main/core/controlroom-client'

const KEY = 'test-key-do-not-leak-0123456789'
type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void
let server: Server | undefined

async function serve(handler: Handler) {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => handler(req, body, res))
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return createControlRoomClient({
    apiUrl: `http://127.0.0.1:${port}/api/v1/`,
    workspaceId: 'ws 1',
    apiKey: async () => KEY,
    http: { retryBaseMs: 10 },
  })
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

async function stopServer() {
  const current = server
  server = undefined
  if (!current) return
  current.closeAllConnections()
  await new Promise((resolve) => current.close(resolve))
}

afterEach(stopServer)

describe('Control Room client', () => {
  it('sends RC-WSKEY to the workspace path and parses the answer', async () => {
    const seen: string[] = []
    const client = await serve((req, body, res) => {
      seen.push(
        `${req.method} ${req.url} ${req.headers.authorization} ${req.headers['content-type'] ?? '-'} ${body}`,
      )
      if (req.method === 'POST') return json(res, 200, { started: true, id: 'run-1' })
      json(res, 200, { data: [{ id: 'p1', name: 'Echo', created_at: '2026-01-01T00:00:00Z', extra: true }] })
    })
    expect(await client.listProcesses()).toEqual([
      { id: 'p1', name: 'Echo', created_at: '2026-01-01T00:00:00Z' },
    ])
    expect(await client.startRun('p/1', { order: 7 })).toBe('run-1')
    expect(seen).toEqual([
      `GET /api/v1/workspaces/ws%201/processes RC-WSKEY ${KEY} - `,
      `POST /api/v1/workspaces/ws%201/processes/p%2F1/process-runs RC-WSKEY ${KEY} application/json {"type":"with_payloads","payloads":[{"order":7}]}`,
    ])
    await client.close()
  })

  it('starts a run without a payload with an empty body', async () => {
    let received = ''
    const client = await serve((_req, body, res) => {
      received = body
      json(res, 200, { started: true, id: 'r' })
    })
    await client.startRun('p')
    expect(received).toBe('{}')
  })

  it('names the status, the code and the missing permission of a 403', async () => {
    const client = await serve((_req, _body, res) =>
      json(res, 403, {
        error: { code: 'forbidden', message: 'API key lacks the permission Processes.read_runs' },
      }),
    )
    const error = await client.listRuns().catch((e) => e)
    expect(error).toMatchObject({
      code: 'missing_permission',
      status: 403,
      details: { permission: 'Processes.read_runs' },
    })
    expect(error.message).toBe(
      'This key lacks the permission Processes.read_runs. Give it that permission in Control Room, or use another key.',
    )
  })

  it('explains a 401 and a non-JSON error without leaking the key', async () => {
    let status = 401
    const client = await serve((_req, _body, res) => {
      if (status === 401)
        return json(res, 401, { error: { code: 'unauthorized', message: 'Invalid API key' } })
      res.writeHead(502)
      res.end('<html>bad gateway</html>')
    })
    const unauthorized = await client.getRun('r').catch((e) => e)
    expect(unauthorized.message).toMatch(/did not accept the API key \(HTTP 401, unauthorized\)/)
    status = 502
    const gateway = await client.getRun('r').catch((e) => e)
    expect(gateway).toMatchObject({ code: 'http_502', status: 502 })
    for (const error of [unauthorized, gateway])
      expect(JSON.stringify({ m: error.message, ...error })).not.toContain(KEY)
  })

  it('refuses a response that does not match the API', async () => {
    const client = await serve((_req, _body, res) => json(res, 200, { data: [{ id: 1 }] }))
    await expect(client.listProcesses()).rejects.toMatchObject({ code: 'bad_response' })
  })

  it('says which address it could not reach', async () => {
    const client = await serve(() => {})
    const { port } = (server as Server).address() as AddressInfo
    await stopServer()
    const error = await client.listProcesses().catch((e) => e)
    expect(error.code).toBe('unreachable')
    expect(error.message).toBe(`Cannot reach Control Room at http://127.0.0.1:${port} (ECONNREFUSED).`)
  })
})
