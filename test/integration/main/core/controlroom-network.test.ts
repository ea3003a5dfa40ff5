/**
 * The Control Room client over real servers: HTTPS with a self-signed CA (trusted only with the CA
 * file), a real forward proxy (the `proxy` package), a redirect to another origin (the key stays
 * behind), retries of safe requests with Retry-After, and https required off loopback.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createControlRoomClient } from '../../../../src/main/core/controlroom-client'
import { tempDir } from '../../../support/temp-dir'
import { closeServer, forwardProxy, httpsServer, listen, makeTestPki } from '../../../support/test-pki'

const KEY = 'network-test-key-do-not-leak-42'
type Seen = { url: string; authorization?: string; method: string }
const handler =
  (seen: Seen[], answer: (req: IncomingMessage, res: ServerResponse) => void) =>
  (req: IncomingMessage, res: ServerResponse) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization, method: req.method ?? '' })
    answer(req, res)
  }
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}
const workspace = (res: ServerResponse) => json(res, 200, { id: 'ws', name: 'Finance' })

describe('Control Room client over real servers', () => {
  it('trusts a self-signed Control Room only with its CA file', async (context) => {
    const pki = makeTestPki(await tempDir())
    if (!pki) return context.skip('the openssl binary is not available to make a test CA')
    const seen: Seen[] = []
    const host = await listen(
      httpsServer(
        pki,
        handler(seen, (_req, res) => workspace(res)),
      ),
    )
    const target = { apiUrl: `https://${host}/api/v1`, workspaceId: 'ws', apiKey: async () => KEY }
    const untrusted = createControlRoomClient(target)
    const refused = await untrusted.getWorkspace().catch((error) => error)
    expect(refused).toMatchObject({ code: 'tls_failed' })
    expect(refused.message).toMatch(/not trusted .*CA file/)
    expect(seen).toEqual([]) // the request (and its key) never reached the server
    await untrusted.close()
    const trusted = createControlRoomClient({ ...target, network: { caFile: pki.ca } })
    expect(await trusted.getWorkspace()).toEqual({ id: 'ws', name: 'Finance' })
    await trusted.close()
  })

  it('goes through a real forward proxy, with the proxy setting', async (context) => {
    const pki = makeTestPki(await tempDir())
    if (!pki) return context.skip('the openssl binary is not available to make a test CA')
    const proxyServer = await forwardProxy()
    if (!proxyServer) return context.skip('the `proxy` devDependency is not installed (run npm install)')
    const seen: Seen[] = []
    const target = await listen(
      httpsServer(
        pki,
        handler(seen, (_req, res) => workspace(res)),
      ),
      '127.0.0.2',
    )
    const tunnels: string[] = []
    proxyServer.on('connect', (req: IncomingMessage) => tunnels.push(req.url ?? ''))
    const proxyHost = await listen(proxyServer)
    // 127.0.0.2 is not one of the loopback names the client sends direct, so it takes the proxy.
    const client = createControlRoomClient({
      apiUrl: `https://${target}/api/v1`,
      workspaceId: 'ws',
      apiKey: async () => KEY,
      network: { proxyUrl: `http://${proxyHost}`, caFile: pki.ca },
    })
    expect(await client.getWorkspace()).toEqual({ id: 'ws', name: 'Finance' })
    expect(tunnels).toEqual([target])
    expect(seen[0]?.authorization).toBe(`RC-WSKEY ${KEY}`)
    await client.close()
    // A proxy that is not there is named as such.
    const { port } = proxyServer.address() as AddressInfo
    await closeServer(proxyServer)
    const noProxy = createControlRoomClient({
      apiUrl: `https://${target}/api/v1`,
      workspaceId: 'ws',
      apiKey: async () => KEY,
      network: { proxyUrl: `http://127.0.0.1:${port}`, caFile: pki.ca },
      http: { retries: 0 },
    })
    const error = await noProxy.getWorkspace().catch((e) => e)
    expect(error).toMatchObject({ code: 'proxy_failed', message: expect.stringMatching(/ECONNREFUSED/) })
    await noProxy.close()
  })

  it('tells a proxy that refuses the tunnel, and a Control Room that is down, apart by their errors', async () => {
    const refusing = createServer()
    refusing.on('connect', (_req: IncomingMessage, socket: Socket) =>
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n'),
    )
    const proxyHost = await listen(refusing)
    const down = createServer()
    const downHost = await listen(down, '127.0.0.2')
    await closeServer(down)
    const through = (proxyUrl?: string) =>
      createControlRoomClient({
        apiUrl: `https://${downHost}/api/v1`,
        workspaceId: 'ws',
        apiKey: async () => KEY,
        network: proxyUrl ? { proxyUrl } : {},
        http: { retries: 0 },
      })
    const viaProxy = through(`http://${proxyHost}`)
    expect(await viaProxy.getWorkspace().catch((e) => e)).toMatchObject({ code: 'proxy_failed' })
    await viaProxy.close()
    const direct = through()
    const error = await direct.getWorkspace().catch((e) => e)
    expect(error).toMatchObject({ code: 'unreachable', message: expect.stringMatching(/ECONNREFUSED/) })
    await direct.close()
  })

  it('never sends the key across a redirect to another origin', async () => {
    const elsewhere: Seen[] = []
    const otherHost = await listen(createServer(handler(elsewhere, (_req, res) => workspace(res))))
    const here: Seen[] = []
    const host = await listen(
      createServer(
        handler(here, (req, res) => {
          if (req.url === '/api/v1/workspaces/ws') {
            res.writeHead(302, { location: `/api/v1/moved/workspaces/ws` })
            return res.end()
          }
          res.writeHead(307, { location: `http://${otherHost}${req.url}` })
          res.end()
        }),
      ),
    )
    const client = createControlRoomClient({
      apiUrl: `http://${host}/api/v1`,
      workspaceId: 'ws',
      apiKey: async () => KEY,
    })
    expect(await client.getWorkspace()).toEqual({ id: 'ws', name: 'Finance' })
    // Same origin: the key goes along; the other origin gets the request without it.
    expect(here.map((s) => s.authorization)).toEqual([`RC-WSKEY ${KEY}`, `RC-WSKEY ${KEY}`])
    expect(elsewhere).toEqual([
      { url: '/api/v1/moved/workspaces/ws', authorization: undefined, method: 'GET' },
    ])
    await client.close()
  })

  it('retries a safe request after a 503 as Retry-After says, and never repeats a POST', async () => {
    const seen: Seen[] = []
    let failures = 1
    const host = await listen(
      createServer(
        handler(seen, (req, res) => {
          if (failures-- > 0 || req.method === 'POST')
            return json(
              res,
              503,
              { error: { code: 'unavailable', message: 'later' } },
              { 'retry-after': '1' },
            )
          workspace(res)
        }),
      ),
    )
    const client = createControlRoomClient({
      apiUrl: `http://${host}/api/v1`,
      workspaceId: 'ws',
      apiKey: async () => KEY,
      http: { retryBaseMs: 10 },
    })
    const started = Date.now()
    expect(await client.getWorkspace()).toMatchObject({ name: 'Finance' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    const post = await client.startRun('p').catch((error) => error)
    expect(post).toMatchObject({ status: 503, details: { retryAfterMs: 1000 } })
    expect(seen.map((s) => s.method)).toEqual(['GET', 'GET', 'POST'])
    await client.close()
  })

  it('requires https: except on loopback', () => {
    for (const apiUrl of ['http://cloud.example.com/api/v1', 'ftp://127.0.0.1/api/v1', 'not a url'])
      expect(() => createControlRoomClient({ apiUrl, workspaceId: 'ws', apiKey: async () => KEY })).toThrow(
        expect.objectContaining({ code: 'insecure_url' }),
      )
    for (const apiUrl of [
      'http://127.0.0.1:1/api/v1',
      'http://localhost:1/api/v1',
      'https://cloud.robocorp.com/api/v1',
    ])
      expect(() =>
        createControlRoomClient({ apiUrl, workspaceId: 'ws', apiKey: async () => KEY }),
      ).not.toThrow()
  })
})
