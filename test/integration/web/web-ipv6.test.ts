/**
 * `web --host ::1`: the printed URL brackets the address and the server answers to the Host header a
 * browser sends for it (`[::1]:P`). It used to build `http://::1:P` and answer 421 to everything.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readFirstLine } from '../../../src/main/core/first-line'
import { httpRequest, rawRequest, startSpiedWebServer } from './web-fixture'

function hasIpv6Loopback(): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer()
    probe.once('error', () => done(false))
    probe.listen(0, '::1', () => probe.close(() => done(true)))
  })
}

const ipv6 = await hasIpv6Loopback()
const skipped = ipv6 ? '' : ' [skipped: this machine has no IPv6 loopback (::1)]'
const root = resolve(__dirname, '../../..')

describe('web mode on the IPv6 loopback', () => {
  it.skipIf(!ipv6)(`serves the page and runs commands on [::1]${skipped}`, async () => {
    const web = await startSpiedWebServer({ host: '::1' })
    try {
      expect(web.server.url).toMatch(/^http:\/\/\[::1\]:\d+\/#token=[\w-]{43}$/)
      expect(web.host).toBe(`[::1]:${web.port}`)
      const page = await fetch(`${web.server.origin}/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<title>Robodeck</title>')
      const command = await fetch(`${web.server.origin}/bridge/commands/connections.list`, {
        method: 'POST',
        headers: { authorization: `Bearer ${web.token}`, 'content-type': 'application/json' },
        body: '{}',
      })
      expect(await command.json()).toEqual({ ok: true, value: [] })
      // The IPv4 spelling is another host to this server: refused like any other name.
      const other = await rawRequest(web.port, httpRequest('GET', '/', [['Host', `127.0.0.1:${web.port}`]]), {
        address: '::1',
      })
      expect(other.status).toBe(421)
    } finally {
      await web.close()
    }
  })

  it.skipIf(!ipv6)(`npm run web -- --host ::1 prints a URL that answers${skipped}`, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'robodeck-web-ipv6-'))
    const child = spawn(
      process.execPath,
      [join(root, 'out/main/web.js'), '--host', '::1', '--port', '0', '--data', dataDir],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stderr = ''
    child.stderr?.on('data', (chunk) => {
      stderr += chunk
    })
    const exited = new Promise((done) => child.once('exit', done))
    try {
      const url = await readFirstLine(child.stdout as NonNullable<typeof child.stdout>, 30_000).catch(
        (error: Error) => {
          throw new Error(`web mode did not start: ${error.message}\n${stderr}`)
        },
      )
      expect(url).toMatch(/^http:\/\/\[::1\]:\d+\/#token=/)
      const { origin, hash } = new URL(url)
      const page = await fetch(`${origin}/`)
      expect(page.status).toBe(200)
      const info = await fetch(`${origin}/bridge/commands/app.info`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${hash.replace('#token=', '')}`,
          'content-type': 'application/json',
        },
        body: '{}',
      })
      expect(await info.json()).toMatchObject({ ok: true, value: { mode: 'web' } })
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
