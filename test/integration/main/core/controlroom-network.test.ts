/**
 * The Control Room client over real servers: HTTPS with a self-signed CA (trusted only with the CA
 * file), a real forward proxy (the `proxy` package), a redirect to another origin (the key stays
 * behind), retries of safe requests with Retry-After, and https required off loopback.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createControlRoomClient } from '../../../../src/main/core/controlroom-client'
import { tempDir } from '../../../support/temp-dir'

const KEY = 'network-test-key-do-not-leak-42'
const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((done) => server.close(done))
  }
})

type Seen = { url: string; authorization?: string; method: string }
async function listen(server: Server, host = '127.0.0.1'): Promise<string> {
  servers.push(server)
  await new Promise<void>((done) => server.listen(0, host, done))
  return `${host}:${(server.address() as AddressInfo).port}`
}
/** The forward proxy package; a variable so a checkout without it still compiles and skips. */
const PROXY_MODULE = process.env.ROBODECK_PROXY_MODULE ?? 'proxy'
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

function openssl(dir: string): { ca: string; key: string; cert: string } | null {
  try {
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' })
    run([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-subj',
      '/CN=Robodeck Test CA',
      '-days',
      '1',
    ])
    run([
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=localhost',
    ])
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:127.0.0.2\n')
    run([
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '1',
      '-extfile',
      'san.ext',
    ])
    return { ca: join(dir, 'ca.pem'), key: join(dir, 'server.key'), cert: join(dir, 'server.pem') }
  } catch {
    return null
  }
}

describe('Control Room client over real servers', () => {
  it('trusts a self-signed Control Room only with its CA file', async (context) => {
    const dir = await tempDir()
    const pki = openssl(dir)
    if (!pki) return context.skip('the openssl binary is not available to make a test CA')
    const { readFileSync } = await import('node:fs')
    const seen: Seen[] = []
    const host = await listen(
      createHttpsServer(
        { key: readFileSync(pki.key), cert: readFileSync(pki.cert) },
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
    const dir = await tempDir()
    const pki = openssl(dir)
    if (!pki) return context.skip('the openssl binary is not available to make a test CA')
    let createProxy: (server: Server) => Server
    try {
      createProxy = (await import(PROXY_MODULE)).createProxy
    } catch {
      return context.skip('the `proxy` devDependency is not installed (run npm install)')
    }
    const { readFileSync } = await import('node:fs')
    const seen: Seen[] = []
    const target = await listen(
      createHttpsServer(
        { key: readFileSync(pki.key), cert: readFileSync(pki.cert) },
        handler(seen, (_req, res) => workspace(res)),
      ),
      '127.0.0.2',
    )
    const proxyServer = createProxy(createServer())
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
    servers.splice(servers.indexOf(proxyServer), 1)
    proxyServer.closeAllConnections?.()
    await new Promise((done) => proxyServer.close(done))
    const noProxy = createControlRoomClient({
      apiUrl: `https://${target}/api/v1`,
      workspaceId: 'ws',
      apiKey: async () => KEY,
      network: { proxyUrl: `http://127.0.0.1:${port}`, caFile: pki.ca },
      http: { retries: 0 },
    })
    const error = await noProxy.getWorkspace().catch((e) => e)
    expect(error.code, error.message).toMatch(/proxy_failed|unreachable/)
    await noProxy.close()
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
