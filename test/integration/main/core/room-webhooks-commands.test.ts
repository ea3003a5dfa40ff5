/**
 * The room's webhook commands (room.webhooks, room.createWebhook, …, room.testWebhook) through the
 * core's dispatcher against a real local Control Room (spawned) and real receivers on 127.0.0.1: a
 * webhook created (secret once) that signs with that secret, listed, edited, its test event
 * delivered and logged, a failing receiver's attempts listed with status and error, a delivery
 * redelivered, the webhook deleted; Robodeck's own push webhook marked and refused; the room's
 * refusals told in its words, with no secret in any list or error.
 */
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../../src/main/core/core'
import type { RoomWebhook, RoomWebhookAttempt } from '../../../../src/shared/room-webhooks'
import { type SpawnedLocalRoom, spawnLocalRoom, waitFor } from '../../../support/localroom'
import { commandsOf, createTestCore } from '../../../support/test-core'
import { startReceiver, type WebhookReceiver } from '../../../support/webhook-receiver'

let room: SpawnedLocalRoom
let core: Core
let receiver: WebhookReceiver
/** Every secret the tests saw: none may appear in a list or an error. */
const secrets: string[] = []

beforeAll(async () => {
  room = await spawnLocalRoom()
  core = await createTestCore()
  await core.connectLocalRoom(room.bootstrap)
  receiver = await startReceiver(() => 200)
})

afterAll(async () => {
  await core?.close()
  await room?.stop()
  await receiver?.close()
})

const local = { connectionId: 'local' }
const commands = commandsOf(() => core)

// biome-ignore lint/suspicious/noExplicitAny: each test reads the value it asked for
async function value(name: string, body: unknown = {}): Promise<any> {
  return commands.ok(name, { ...local, ...(body as object) })
}

async function failure(name: string, body: unknown) {
  const error = await commands.failure(name, { ...local, ...(body as object) })
  for (const secret of secrets) expect(JSON.stringify(error)).not.toContain(secret)
  return error
}

const listed = async (id: string): Promise<RoomWebhook | undefined> =>
  ((await value('room.webhooks')) as RoomWebhook[]).find((hook) => hook.id === id)

/** The webhook's log once it holds `count` attempts (delivery is asynchronous). */
const attemptsOnce = (webhookId: string, count: number) =>
  waitFor(async () => {
    const page = (await value('room.webhookAttempts', { webhookId })) as { attempts: RoomWebhookAttempt[] }
    return page.attempts.length >= count ? page.attempts : undefined
  })

describe('room webhooks', () => {
  it('creates a webhook (secret once) whose test event is delivered signed, logged, redelivered; edits and deletes it', async () => {
    const { webhook, secret } = await value('room.createWebhook', {
      endpoint: receiver.url,
      events: ['process_run.completed', 'robot_run_event'],
    })
    secrets.push(secret)
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
    expect(webhook).toEqual({
      id: webhook.id,
      endpoint: receiver.url,
      processId: null,
      events: ['process_run.completed', 'robot_run_event'],
      enabled: true,
      disabledAt: null,
      disabledReason: null,
      lastDelivery: null,
      ownedByRobodeck: false,
    })
    const all = await value('room.webhooks')
    expect(JSON.stringify(all)).not.toContain(secret)

    const test = await value('room.testWebhook', { webhookId: webhook.id })
    const [delivered] = await receiver.waitForCount(1)
    expect(delivered?.body).toMatchObject({ id: test.eventId, event: 'test', action: 'TEST' })
    expect(delivered?.headers['x-rc-signature']).toBe(
      createHmac('sha256', secret)
        .update(delivered?.raw as Buffer)
        .digest('hex'),
    )
    const [attempt] = await attemptsOnce(webhook.id, 1)
    expect(attempt).toMatchObject({
      deliveryId: test.deliveryId,
      eventId: test.eventId,
      event: 'test',
      kind: 'test',
      status: 200,
      responseExcerpt: 'answer 200',
      error: null,
    })
    expect((await listed(webhook.id))?.lastDelivery).toMatchObject({ event: 'test', state: 'delivered' })

    const again = await value('room.redeliverWebhook', { webhookId: webhook.id, deliveryId: test.deliveryId })
    expect(again.eventId).toBe(test.eventId)
    const [, redelivered] = await receiver.waitForCount(2)
    expect(redelivered?.raw.equals(delivered?.raw as Buffer)).toBe(true)
    const log = await attemptsOnce(webhook.id, 2)
    expect(log.map((a) => a.kind)).toEqual(['redelivery', 'test'])

    expect(await value('room.revealWebhookSecret', { webhookId: webhook.id })).toEqual({ secret })
    const edited = await value('room.updateWebhook', {
      webhookId: webhook.id,
      events: ['process_run.started'],
      enabled: false,
    })
    expect(edited).toMatchObject({ events: ['process_run.started'], enabled: false })
    expect(edited.disabledReason).toMatch(/owner/)
    expect(await value('room.updateWebhook', { webhookId: webhook.id, enabled: true })).toMatchObject({
      enabled: true,
      disabledReason: null,
    })

    expect(await value('room.deleteWebhook', { webhookId: webhook.id })).toEqual({ id: webhook.id })
    expect(await listed(webhook.id)).toBeUndefined()
    expect(await failure('room.webhookAttempts', { webhookId: webhook.id })).toEqual({
      code: 'not_found',
      message: 'The local Control Room has no such webhook any more; reload the list.',
      status: 404,
    })
  })

  it('lists a failing receiver’s attempts with their status, excerpt and error, newest first', async () => {
    const refusing = await startReceiver(() => 500)
    const gone = await startReceiver()
    await gone.close() // nothing listens there any more: the connection is refused
    try {
      const failing = (await value('room.createWebhook', { endpoint: refusing.url, events: ['process_run'] }))
        .webhook
      await value('room.testWebhook', { webhookId: failing.id })
      const [refused] = await attemptsOnce(failing.id, 1)
      expect(refused).toMatchObject({ status: 500, responseExcerpt: 'answer 500' })
      expect(refused?.error).toMatch(/500/)
      expect((await listed(failing.id))?.lastDelivery).toMatchObject({ state: 'failed' })

      const dead = (
        await value('room.createWebhook', { endpoint: gone.url, events: ['process_run.started'] })
      ).webhook
      await value('room.testWebhook', { webhookId: dead.id })
      const [unanswered] = await attemptsOnce(dead.id, 1)
      expect(unanswered).toMatchObject({ status: null, responseExcerpt: null })
      expect(unanswered?.error).toMatch(/ECONNREFUSED|refused/i)
      for (const hook of [failing, dead]) await value('room.deleteWebhook', { webhookId: hook.id })
    } finally {
      await refusing.close()
    }
  })

  it('pages the delivery log by the room’s cursor', async () => {
    const { webhook } = await value('room.createWebhook', { endpoint: receiver.url, events: ['process_run'] })
    const before = receiver.deliveries.length
    for (let sent = 0; sent < 26; sent++) await value('room.testWebhook', { webhookId: webhook.id })
    await receiver.waitForCount(before + 26)
    await attemptsOnce(webhook.id, 25)
    const first = await waitFor(async () => {
      const page = await value('room.webhookAttempts', { webhookId: webhook.id })
      return page.next ? page : undefined
    })
    expect(first.attempts).toHaveLength(25)
    const second = await value('room.webhookAttempts', { webhookId: webhook.id, cursor: first.next })
    expect(second).toMatchObject({ next: null })
    expect(second.attempts).toHaveLength(1)
    await value('room.deleteWebhook', { webhookId: webhook.id })
  })

  it('marks Robodeck’s own push webhook and refuses to change, delete or show its secret', async () => {
    const ownId = core.localPush.registration()?.webhookId
    const own = await listed(ownId as string)
    expect(own).toMatchObject({ ownedByRobodeck: true, processId: null })
    for (const [name, body] of [
      ['room.updateWebhook', { webhookId: ownId, enabled: false }],
      ['room.deleteWebhook', { webhookId: ownId }],
      ['room.revealWebhookSecret', { webhookId: ownId }],
    ] as const) {
      const error = await failure(name, body)
      expect(error.code).toBe('own_webhook')
      expect(error.message).toContain('the webhook Robodeck registered to hear of runs')
    }
    expect(await listed(ownId as string)).toMatchObject({ enabled: true })
  })

  it('tells the room’s refusals in words: a non-http URL, a link-local address, an unknown process', async () => {
    const refused = async (body: object) =>
      failure('room.createWebhook', { events: ['process_run.started'], ...body })
    expect(await refused({ endpoint: 'ftp://example.com/hook' })).toEqual({
      code: 'invalid_webhook',
      message: 'The local Control Room refused the webhook: URL: expected an http or https URL.',
      status: 400,
    })
    const linkLocal = await refused({ endpoint: 'http://169.254.169.254/latest/meta-data' })
    expect(linkLocal.code).toBe('invalid_webhook')
    expect(linkLocal.message).toMatch(/^The local Control Room refused the webhook: URL: .*link-local/)
    expect((await refused({ endpoint: receiver.url, processId: 'no-such-process' })).message).toBe(
      'The local Control Room refused the webhook: Process: no process no-such-process in this workspace.',
    )
    expect((await failure('room.createWebhook', { endpoint: receiver.url, events: [] })).code).toBe(
      'invalid_request',
    )
    expect(await failure('room.testWebhook', { webhookId: 'no-such-webhook' })).toMatchObject({
      code: 'not_found',
    })
  })
})
