/**
 * The settings commands over real boundaries: the core on a real settings file, a real HTTPS
 * Control Room with a self-signed CA (refused before the CA setting, accepted after it, by the same
 * core without a restart), and a real forward proxy set by command.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileKeyCipher } from '../../../../src/main/core/cipher'
import { type Core, createCore } from '../../../../src/main/core/core'
import { openConfSettingsFile } from '../../../../src/main/core/settings/conf-settings-file'
import { tempDir } from '../../../support/temp-dir'
import { forwardProxy, httpsServer, listen, makeTestPki } from '../../../support/test-pki'

const KEY = 'settings-test-key-do-not-leak-77'
const cores: Core[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close()
})

function openCore(dataDir: string) {
  const core = createCore({
    dataDir,
    cipher: createFileKeyCipher(join(dataDir, 'secrets.key')),
    openSettingsFile: openConfSettingsFile,
    mode: 'web',
    version: 'test',
    logError: () => {},
  })
  cores.push(core)
  return core
}

/** Enough of Control Room API v1 for the processes list, recording every request's path. */
function controlRoom(seen: string[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    seen.push(req.url ?? '')
    const body =
      req.url === '/api/v1/workspaces/ws/processes'
        ? { data: [{ id: 'p1', name: 'Invoices', created_at: '2026-01-01T00:00:00Z' }], has_more: false }
        : { id: 'ws', name: 'Finance' }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
}

async function saveConnection(core: Core, host: string) {
  await core.connections.save({
    id: 'finance',
    name: 'Finance',
    kind: 'cloud',
    apiUrl: `https://${host}/api/v1`,
    workspaceId: 'ws',
    apiKey: KEY,
  })
}

const listProcesses = async (core: Core) =>
  (await core.dispatch('processes.list', { connectionId: 'finance' })) as {
    ok: true
    value: { processes: { name: string }[]; failures: { code: string }[] }
  }

describe('settings commands over real servers', () => {
  it('trusts a self-signed Control Room once its CA file is set, without a restart, and keeps it', async (context) => {
    const dir = await tempDir()
    const pki = makeTestPki(dir)
    if (!pki) return context.skip('the openssl binary is not available to make a test CA')
    const seen: string[] = []
    const host = await listen(httpsServer(pki, controlRoom(seen)))
    const dataDir = join(dir, 'data')
    const core = openCore(dataDir)
    await saveConnection(core, host)

    const before = await listProcesses(core)
    expect(before.value.failures.map((failure) => failure.code)).toEqual(['tls_failed'])
    expect(seen).toEqual([])

    const set = await core.dispatch('settings.setNetwork', { caFile: pki.ca })
    expect(set).toEqual({
      ok: true,
      value: expect.objectContaining({ network: { caFile: pki.ca } }),
    })
    const after = await listProcesses(core)
    expect(after.value).toEqual({
      processes: [expect.objectContaining({ name: 'Invoices' })],
      failures: [],
    })
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).network).toEqual({
      caFile: pki.ca,
    })

    // A later start reads it from the file; clearing it refuses the server again, at once.
    await core.close()
    cores.splice(cores.indexOf(core), 1)
    const reopened = openCore(dataDir)
    expect(await reopened.dispatch('settings.get', {})).toMatchObject({
      ok: true,
      value: { network: { caFile: pki.ca } },
    })
    expect((await listProcesses(reopened)).value.failures).toEqual([])
    await reopened.dispatch('settings.setNetwork', { caFile: null })
    expect((await listProcesses(reopened)).value.failures.map((failure) => failure.code)).toEqual([
      'tls_failed',
    ])
  })

  it('goes through a real forward proxy set by command, and direct once it is cleared', async (context) => {
    const dir = await tempDir()
    const pki = makeTestPki(dir)
    if (!pki) return context.skip('the openssl binary is not available to make a test CA')
    const proxy = await forwardProxy()
    if (!proxy) return context.skip('the `proxy` devDependency is not installed (run npm install)')
    const tunnels: string[] = []
    proxy.on('connect', (req: IncomingMessage) => tunnels.push(req.url ?? ''))
    const proxyHost = await listen(proxy)
    const seen: string[] = []
    // 127.0.0.2 is not a loopback name the client sends direct, so it would take the proxy.
    const host = await listen(httpsServer(pki, controlRoom(seen)), '127.0.0.2')
    const core = openCore(join(dir, 'data'))
    await saveConnection(core, host)
    await core.dispatch('settings.setNetwork', { caFile: pki.ca })
    expect((await listProcesses(core)).value.failures).toEqual([])
    expect(tunnels).toEqual([])

    // Written as proxies often are, host:port: taken as http://host:port.
    const set = await core.dispatch('settings.setNetwork', { proxyUrl: proxyHost })
    expect(set).toMatchObject({
      ok: true,
      value: { network: { proxyUrl: `http://${proxyHost}/`, caFile: pki.ca } },
    })
    expect((await listProcesses(core)).value.failures).toEqual([])
    expect(tunnels).toEqual([host])

    await core.dispatch('settings.setNetwork', { proxyUrl: null })
    expect((await listProcesses(core)).value.failures).toEqual([])
    expect(tunnels).toEqual([host])
    expect(seen).toHaveLength(3)
  })

  it('refuses a proxy that is not an http(s) URL and a CA file that is missing or not PEM, saving nothing', async () => {
    const dir = await tempDir()
    const core = openCore(join(dir, 'data'))
    const notPem = join(dir, 'notes.pem')
    writeFileSync(notPem, 'this is not a certificate\n')
    const broken = join(dir, 'broken.pem')
    writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')
    const cases: [Record<string, string>, RegExp][] = [
      [{ proxyUrl: 'socks5://proxy.example.com:1080' }, /must be an http: or https: URL/],
      [{ proxyUrl: 'the office proxy' }, /^The proxy is not a URL/],
      [{ proxyUrl: 'http://user:hunter2@[proxy' }, /^The proxy is not a URL/],
      [{ proxyUrl: 'http://user:hunter2@proxy.example.com:3128' }, /user name or password is not supported/],
      [{ caFile: join(dir, 'missing.pem') }, /cannot be read \(ENOENT\)/],
      [{ caFile: 'relative/ca.pem' }, /not an absolute path/],
      [{ caFile: dir }, /is not a file/],
      [{ caFile: notPem }, /holds no PEM certificate/],
      [{ caFile: broken }, /does not parse/],
    ]
    for (const [request, message] of cases) {
      const answer = await core.dispatch('settings.setNetwork', request)
      expect(answer, JSON.stringify(request)).toMatchObject({ ok: false, error: { code: 'invalid_setting' } })
      if (!answer.ok) {
        expect(answer.error.message).toMatch(message)
        expect(answer.error.message).not.toContain('hunter2')
      }
    }
    expect(core.settings.get().network).toEqual({})
  })
})
