import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { createDispatcher } from '../../../src/main/core/dispatch'
import { createEventBus } from '../../../src/main/core/events'
import { startWebServer, type WebServer } from '../../../src/web/server'
import { runSummary, stubCommandHandlers } from '../../support/fixtures'
import { tempDir } from '../../support/temp-dir'

const handlers = stubCommandHandlers()

let server: WebServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function start() {
  const dir = await tempDir()
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Robodeck</title>')
  const events = createEventBus()
  server = await startWebServer({ rendererDir: dir, dispatch: createDispatcher(handlers, () => {}), events })
  const token = new URL(server.url).hash.replace('#token=', '')
  return { server, events, token, auth: { authorization: `Bearer ${token}` } }
}

const post = (url: string, headers: Record<string, string>, body: unknown) =>
  request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

describe('web mode server', () => {
  it('prints a loopback URL with a long random token in the fragment', async () => {
    const { server, token } = await start()
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{43}$/)
    expect(token.length).toBe(43)
  })

  it('serves the renderer with a Content-Security-Policy and no token needed', async () => {
    const { server } = await start()
    const response = await request(`${server.origin}/`)
    expect(response.statusCode).toBe(200)
    expect(await response.body.text()).toContain('<title>Robodeck</title>')
    expect(response.headers['content-security-policy']).toContain("script-src 'self'")
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'")
  })

  it('runs a command with the token and refuses it without, or with a wrong one', async () => {
    const { server, auth } = await start()
    const url = `${server.origin}/bridge/commands/processes.launch`
    const ok = await post(url, auth, { connectionId: 'local', processId: 'p' })
    expect(await ok.body.json()).toEqual({ ok: true, value: { runId: 'r1' } })

    const wrong: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: auth.authorization.slice(0, -1) },
    ]
    for (const headers of wrong) {
      const refused = await post(url, headers, {})
      expect(refused.statusCode).toBe(401)
      expect(await refused.body.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    }
  })

  it('answers bad requests with a readable error body, never a crash', async () => {
    const { server, auth } = await start()
    const bad = await request(`${server.origin}/bridge/commands/processes.launch`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{not json',
    })
    expect(bad.statusCode).toBe(400)
    expect(await bad.body.json()).toMatchObject({ ok: false, error: { message: expect.any(String) } })
    const invalid = await post(`${server.origin}/bridge/commands/processes.launch`, auth, { processId: 3 })
    expect(await invalid.body.json()).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    const unknown = await post(`${server.origin}/bridge/commands/app.shutdown`, auth, {})
    expect(await unknown.body.json()).toMatchObject({ ok: false, error: { code: 'unknown_command' } })
  })

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const { server, auth } = await start()
    const response = await request(`${server.origin}/`, { headers: { host: 'attacker.example:80', ...auth } })
    expect(response.statusCode).toBe(421)
  })

  it('streams events as server-sent events to an authorised client only', async () => {
    const { server, events, auth } = await start()
    const refused = await request(`${server.origin}/bridge/events`)
    expect(refused.statusCode).toBe(401)
    await refused.body.dump()

    const controller = new AbortController()
    const response = await fetch(`${server.origin}/bridge/events`, {
      headers: auth,
      signal: controller.signal,
    })
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    await reader.read() // the ": connected" comment: the subscription is in place
    const run = runSummary()
    events.emit('run.finished', run)
    const { value } = await reader.read()
    expect(new TextDecoder().decode(value)).toBe(`event: run.finished\ndata: ${JSON.stringify(run)}\n\n`)
    controller.abort()
  })
})
