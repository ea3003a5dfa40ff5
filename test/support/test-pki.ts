/**
 * Real TLS and a real forward proxy for the Control Room client's tests: a throwaway CA and a
 * server certificate it signed (made by the openssl binary), HTTPS servers with that certificate,
 * and the `proxy` package's forward proxy. Servers are closed after each test.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach } from 'vitest'

/** The CA's certificate and the server's key and certificate, as files. */
export interface TestPki {
  ca: string
  key: string
  cert: string
}

/** Makes a CA and a certificate for localhost, 127.0.0.1 and 127.0.0.2 in dir; null without openssl. */
export function makeTestPki(dir: string): TestPki | null {
  try {
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' })
    const newKey = ['-newkey', 'rsa:2048', '-nodes']
    run([
      'req',
      '-x509',
      ...newKey,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-subj',
      '/CN=Robodeck Test CA',
      '-days',
      '1',
    ])
    run(['req', ...newKey, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'])
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

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await closeServer(server)
})

/** Closes a server now (and its open connections), and forgets it. */
export async function closeServer(server: Server): Promise<void> {
  const index = servers.indexOf(server)
  if (index >= 0) servers.splice(index, 1)
  server.closeAllConnections?.()
  await new Promise((done) => server.close(done))
}

/** Listens on host, port 0; the server is closed after the test. Answers `host:port`. */
export async function listen(server: Server, host = '127.0.0.1'): Promise<string> {
  servers.push(server)
  await new Promise<void>((done) => server.listen(0, host, done))
  return `${host}:${(server.address() as AddressInfo).port}`
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void

/** An HTTPS server with the test PKI's certificate. */
export const httpsServer = (pki: TestPki, handler: Handler): Server =>
  createHttpsServer({ key: readFileSync(pki.key), cert: readFileSync(pki.cert) }, handler)

/** The forward proxy package; a variable so a checkout without it still compiles and skips. */
const PROXY_MODULE = process.env.ROBODECK_PROXY_MODULE ?? 'proxy'

/** A real forward proxy (the `proxy` package), or null when it is not installed. */
export async function forwardProxy(): Promise<Server | null> {
  try {
    const { createProxy } = (await import(PROXY_MODULE)) as { createProxy: (server: Server) => Server }
    return createProxy(createServer())
  } catch {
    return null
  }
}
