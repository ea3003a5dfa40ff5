/**
 * The webhook inbox over real HTTP and a real SQLite file: deliveries stored with headers and body,
 * signatures checked against the secret the user enters (and checked again when it changes), the
 * bounds, persistence across a restart, and replays to a real local receiver.
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileKeyCipher } from '../../../../../src/main/core/cipher'
import { type Core, createCore } from '../../../../../src/main/core/core'
import type { AnyEvent } from '../../../../../src/main/core/events'
import { createEventBus } from '../../../../../src/main/core/events'
import { openConfSettingsFile } from '../../../../../src/main/core/settings/conf-settings-file'
import { openSettings } from '../../../../../src/main/core/settings/settings'
import { openVault } from '../../../../../src/main/core/vault'
import {
  openWebhookInbox,
  type WebhookInbox,
} from '../../../../../src/main/core/webhooks/inbox/webhook-inbox'
import { tempDir } from '../../../../support/temp-dir'
import { hmacHex, runEventBody, sendDelivery } from '../../../../support/webhook-sender'

const SECRET = 'inbox-test-secret-0123456789'
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

async function coreWithInbox(dir?: string) {
  const dataDir = dir ?? (await tempDir())
  const logged: string[] = []
  const core: Core = createCore({
    dataDir,
    cipher: createFileKeyCipher(join(dataDir, 'secrets.key')),
    openSettingsFile: openConfSettingsFile,
    mode: 'web',
    version: 'test',
    logError: (message, error) => logged.push(`${message} ${String(error)}`),
  })
  closers.push(() => core.close())
  const events: AnyEvent[] = []
  core.events.subscribe((event) => events.push(event))
  core.start()
  return { core, dataDir, events, logged }
}

/** A receiver standing in for the developer's local service: records what it gets. */
async function localService(status = 202) {
  const received: {
    method: string
    url: string
    headers: IncomingHttpHeaders
    raw: string[]
    body: Buffer
  }[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        raw: request.rawHeaders,
        body: Buffer.concat(chunks),
      })
      response.statusCode = status
      response.end('handled by the local service')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => new Promise((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/rc`, received }
}

const body = runEventBody({ workspaceId: 'ws-1', processRunId: 'run-1', id: 'event-1' })

describe('webhook inbox', () => {
  it('is off until turned on, then stores each delivery with its headers and body and announces it', async () => {
    const { core, events } = await coreWithInbox()
    expect(await core.handlers.inbox.status({})).toMatchObject({ enabled: false, address: null, count: 0 })
    const status = await core.handlers.inbox.configure({ enabled: true, port: 0 })
    expect(status.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)

    const answer = await sendDelivery(
      `${status.address}tunnel/path?x=1`,
      body,
      { secret: SECRET },
      { 'X-Custom': 'kept' },
    )
    expect(answer.status).toBe(200)
    const [summary] = await core.handlers.inbox.list({})
    expect(summary).toMatchObject({
      method: 'POST',
      path: '/tunnel/path?x=1',
      signature: 'unchecked',
      event: 'process_run.completed',
      eventId: 'event-1',
    })
    const delivery = await core.handlers.inbox.get({ deliveryId: summary?.id as string })
    expect(delivery.body).toBe(body)
    expect(delivery.headers).toContainEqual(['X-Custom', 'kept'])
    expect(delivery.headers).toContainEqual(['x-rc-signature', hmacHex(SECRET, body)])
    expect(events.filter((e) => e.name === 'inbox.delivery').map((e) => e.payload)).toEqual([summary])
  })

  it('checks signatures against the entered secret, again when it changes, and never reveals it', async () => {
    const { core, dataDir, events, logged } = await coreWithInbox()
    const { address } = await core.handlers.inbox.configure({ enabled: true, port: 0 })
    const url = address as string
    await sendDelivery(url, body, { secret: SECRET })
    await sendDelivery(url, body, { secret: 'another secret' })

    const status = await core.handlers.inbox.setSecret({ secret: SECRET })
    expect(status.secretSet).toBe(true)
    expect((await core.handlers.inbox.list({})).map((d) => d.signature)).toEqual(['invalid', 'valid'])

    // With a secret: a bad signature, a tampered body and no signature are stored, flagged and refused.
    expect((await sendDelivery(url, body, { secret: 'wrong' })).status).toBe(401)
    expect((await sendDelivery(url, `${body} `, { signature: hmacHex(SECRET, body) })).status).toBe(401)
    expect((await sendDelivery(url, body, { signature: null })).status).toBe(401)
    expect((await sendDelivery(url, body, { secret: SECRET })).status).toBe(200)
    expect((await core.handlers.inbox.list({})).map((d) => d.signature)).toEqual([
      'valid',
      'missing',
      'invalid',
      'invalid',
      'invalid',
      'valid',
    ])

    const everything = JSON.stringify([
      await core.handlers.inbox.status({}),
      await core.handlers.inbox.list({}),
      events,
      logged,
    ])
    expect(everything).not.toContain(SECRET)
    // In the vault, encrypted: not in clear on disk.
    expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).not.toContain(SECRET)

    await core.handlers.inbox.setSecret({ secret: null })
    expect((await core.handlers.inbox.list({})).every((d) => d.signature === 'unchecked')).toBe(true)
  })

  it('refuses a body over the limit without storing it, and anything but POST', async () => {
    const { core } = await coreWithInbox()
    const { address, maxDeliveryBytes } = await core.handlers.inbox.configure({ enabled: true, port: 0 })
    const huge = JSON.stringify({ pad: 'a'.repeat(maxDeliveryBytes + 1) })
    const answer = await sendDelivery(address as string, huge, { secret: SECRET })
    expect(answer).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } })
    expect((await fetch(address as string)).status).toBe(405)
    expect(await core.handlers.inbox.list({})).toEqual([])
  })

  it('keeps deliveries and the secret across a restart of the app', async () => {
    const first = await coreWithInbox()
    const { address } = await first.core.handlers.inbox.configure({ enabled: true, port: 0 })
    await first.core.handlers.inbox.setSecret({ secret: SECRET })
    await sendDelivery(address as string, body, { secret: SECRET })
    await first.core.close()
    closers.splice(0)

    const second = await coreWithInbox(first.dataDir)
    const status = await second.core.handlers.inbox.status({})
    expect(status).toMatchObject({ enabled: true, secretSet: true, count: 1 })
    await waitForAddress(second.core)
    const [kept] = await second.core.handlers.inbox.list({})
    expect(kept).toMatchObject({ signature: 'valid', eventId: 'event-1' })
  })

  it('names a port that is taken, in words', async () => {
    const { core } = await coreWithInbox()
    const { address } = await core.handlers.inbox.configure({ enabled: true, port: 0 })
    const port = Number(new URL(address as string).port)
    const other = await coreWithInbox()
    const refused = await other.core.dispatch('inbox.configure', { enabled: true, port })
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'inbox_port_unavailable',
        message: `Port ${port} is in use by another program; choose another port (0: any free one).`,
      },
    })
    expect(await other.core.handlers.inbox.status({})).toMatchObject({ enabled: true, address: null })
  })

  it('replays a delivery to a local service with its original method, headers and body', async () => {
    const { core } = await coreWithInbox()
    const service = await localService()
    const { address } = await core.handlers.inbox.configure({ enabled: true, port: 0 })
    await core.handlers.inbox.setSecret({ secret: SECRET })
    await sendDelivery(address as string, body, { secret: SECRET }, { 'X-Custom': 'kept' })
    const [delivery] = await core.handlers.inbox.list({})

    const result = await core.handlers.inbox.replay({ deliveryId: delivery?.id as string, url: service.url })
    expect(result).toMatchObject({ status: 202, responseExcerpt: 'handled by the local service' })
    expect(service.received).toHaveLength(1)
    const [got] = service.received
    expect(got?.method).toBe('POST')
    expect(got?.url).toBe('/hooks/rc')
    expect(got?.body.toString('utf8')).toBe(body)
    expect(got?.headers['x-rc-signature']).toBe(hmacHex(SECRET, body))
    expect(got?.headers['x-custom']).toBe('kept')
    expect(got?.headers['content-type']).toBe('application/json')
    // The receiving service can verify it exactly as it would the original.
    expect(hmacHex(SECRET, got?.body as Buffer)).toBe(got?.headers['x-rc-signature'])
  })

  it('refuses to replay a bad signature, a non-loopback URL without the flag, or a non-http URL; says when nobody answers', async () => {
    const { core } = await coreWithInbox()
    const { address } = await core.handlers.inbox.configure({ enabled: true, port: 0 })
    await core.handlers.inbox.setSecret({ secret: SECRET })
    await sendDelivery(address as string, body, { secret: 'forged' })
    await sendDelivery(address as string, body, { secret: SECRET })
    const [good, bad] = await core.handlers.inbox.list({})
    const replay = (request: Record<string, unknown>) => core.dispatch('inbox.replay', request)

    expect(await replay({ deliveryId: bad?.id, url: 'http://127.0.0.1:9/' })).toMatchObject({
      ok: false,
      error: { code: 'inbox_bad_signature' },
    })
    expect(await replay({ deliveryId: good?.id, url: 'http://192.0.2.1/hook' })).toMatchObject({
      ok: false,
      error: { code: 'inbox_url_refused', message: expect.stringContaining('192.0.2.1 is not') },
    })
    expect(await replay({ deliveryId: good?.id, url: 'file:///etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'inbox_url_refused' },
    })
    expect(await replay({ deliveryId: good?.id, url: 'not a url' })).toMatchObject({
      ok: false,
      error: { code: 'inbox_url_refused' },
    })
    expect(await replay({ deliveryId: 'gone', url: 'http://127.0.0.1:9/' })).toMatchObject({
      ok: false,
      error: { code: 'inbox_not_found' },
    })
    // Loopback, nobody listening (port 9, discard): a readable failure naming the origin only.
    expect(await replay({ deliveryId: good?.id, url: 'http://127.0.0.1:9/x?token=abc' })).toEqual({
      ok: false,
      error: { code: 'inbox_replay_failed', message: 'No answer from http://127.0.0.1:9 (ECONNREFUSED).' },
    })
    // With the flag, a non-loopback URL is allowed (here it is refused by the network, not by the inbox).
    const allowed = await replay({
      deliveryId: good?.id,
      url: 'http://localhost.invalid:9/',
      allowAnyUrl: true,
    })
    expect(allowed).toMatchObject({ ok: false, error: { code: 'inbox_replay_failed' } })
  })
})

describe('webhook inbox store bounds', () => {
  async function boundedInbox(dir: string, limits: { maxCount: number; maxBytes: number }) {
    const settings = openSettings(dir, openConfSettingsFile, () => {})
    settings.update((current) => ({ ...current, webhookInbox: { enabled: true, port: 0 } }))
    const inbox: WebhookInbox = openWebhookInbox({
      dataDir: dir,
      vault: openVault(dir, createFileKeyCipher(join(dir, 'secrets.key'))),
      settings,
      events: createEventBus(),
      logError: () => {},
      limits,
    })
    closers.push(() => inbox.close())
    await inbox.start()
    return { inbox, url: (await inbox.status()).address as string }
  }

  it('keeps at most maxCount deliveries, dropping the oldest, across a reopen', async () => {
    const dir = await tempDir()
    const first = await boundedInbox(dir, { maxCount: 3, maxBytes: 10_000_000 })
    for (let i = 1; i <= 5; i++)
      await sendDelivery(first.url, runEventBody({ workspaceId: 'w', processRunId: 'r', id: `e${i}` }), {
        secret: 's',
      })
    expect(first.inbox.list().map((d) => d.eventId)).toEqual(['e5', 'e4', 'e3'])
    await first.inbox.close()
    closers.splice(0)

    const second = await boundedInbox(dir, { maxCount: 3, maxBytes: 10_000_000 })
    expect(second.inbox.list().map((d) => d.eventId)).toEqual(['e5', 'e4', 'e3'])
    await sendDelivery(second.url, runEventBody({ workspaceId: 'w', processRunId: 'r', id: 'e6' }), {
      secret: 's',
    })
    expect(second.inbox.list().map((d) => d.eventId)).toEqual(['e6', 'e5', 'e4'])
  })

  it('keeps at most maxBytes, dropping the oldest until the newest fits', async () => {
    const dir = await tempDir()
    const { inbox, url } = await boundedInbox(dir, { maxCount: 100, maxBytes: 50_000 })
    const padded = (id: string) => JSON.stringify({ id, event: 'x', payload: { pad: 'p'.repeat(15_000) } })
    for (const id of ['a', 'b', 'c', 'd']) await sendDelivery(url, padded(id), { secret: 's' })
    const status = await inbox.status()
    expect(status.bytes).toBeLessThanOrEqual(50_000)
    expect(status.count).toBe(3)
    expect(inbox.list().map((d) => d.eventId)).toEqual(['d', 'c', 'b'])
  })
})

async function waitForAddress(core: Core) {
  const deadline = Date.now() + 5_000
  while (!(await core.handlers.inbox.status({})).address) {
    if (Date.now() > deadline) throw new Error('the inbox did not start listening')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
