/**
 * Webhooks sent by a real room to real receivers on 127.0.0.1: the envelope of every event, the
 * signature checked by a verifier written here with node:crypto (not the room's helper), retries
 * after a failure with the same id, the delivery log in both APIs, redelivery, test events, order
 * behind a receiver that was down, and a receiver that hangs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalRoom, startLocalRoom } from '../../../../src/localroom/server'
import { signedRequest } from '../../../support/credential-client'
import { callApi, waitFor } from '../../../support/localroom'
import { insertTestProcess, writeTestRobot } from '../../../support/localroom-test-robot'
import { type ReceivedDelivery, startReceiver, type WebhookReceiver } from '../../../support/webhook-receiver'

let dir: string
let room: LocalRoom
let robotProcess: string
let emptyProcess: string
const receivers: WebhookReceiver[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-webhooks-'))
  const robotsDir = await writeTestRobot(dir)
  room = await startLocalRoom({
    dataDir: join(dir, 'data'),
    robotsDir,
    issueBootstrapKey: true,
    // Retries within the test's patience; the schedule itself is the same code.
    webhookDelivery: { retry: { baseMs: 100 }, attemptTimeoutMs: 3000 },
  })
  robotProcess = insertTestProcess(join(dir, 'data'), room.workspaceId, 'Robot')
  // No steps: the runner starts and completes it at once (the fastest run there is).
  emptyProcess = insertTestProcess(join(dir, 'data'), room.workspaceId, 'Empty', 0)
})

afterAll(async () => {
  await room?.close()
  for (const receiver of receivers) await receiver.close()
  await rm(dir, { recursive: true, force: true })
})

async function receiver(...args: Parameters<typeof startReceiver>): Promise<WebhookReceiver> {
  const started = await startReceiver(...args)
  receivers.push(started)
  return started
}

const ws = () => room.workspaceId
const api = (method: string, path: string, body?: unknown) =>
  callApi(room.url, method, `/workspaces/${ws()}${path}`, {
    key: room.bootstrap?.api_key as string,
    ...(body === undefined ? {} : { body }),
  })
const managed = (method: string, path: string, body?: unknown) =>
  signedRequest(
    room.origin,
    room.bootstrap?.user_credential as string,
    method,
    `/management-v1/workspaces/${ws()}${path}`,
    body,
  )

/** The verifier a receiver would write: HMAC-SHA256 of the raw body, lowercase hex, compared in constant time. */
function verifies(secret: string, raw: Buffer, signature: unknown): boolean {
  if (typeof signature !== 'string') return false
  const expected = Buffer.from(createHmac('sha256', secret).update(raw).digest('hex'))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

function expectSigned(secret: string, delivery: ReceivedDelivery): void {
  const signature = delivery.headers['x-rc-signature']
  expect(signature).toMatch(/^[0-9a-f]{64}$/)
  expect(verifies(secret, delivery.raw, signature)).toBe(true)
  // Tampered: one byte of the body changed, or the signature checked against another secret.
  const tampered = Buffer.from(delivery.raw)
  tampered[tampered.length - 2] = (tampered[tampered.length - 2] as number) ^ 1
  expect(verifies(secret, tampered, signature)).toBe(false)
  expect(verifies(`${secret}x`, delivery.raw, signature)).toBe(false)
  expect(delivery.raw.toString()).not.toContain(secret)
}

async function startRun(processId: string, body?: unknown): Promise<string> {
  const started = await api('POST', `/processes/${processId}/process-runs`, body)
  expect(started.status, JSON.stringify(started.body)).toBe(200)
  return started.body.id as string
}

const runEnded = (runId: string) => async () =>
  ['completed', 'unresolved'].includes((await api('GET', `/process-runs/${runId}`)).body.state)

describe('webhook delivery', () => {
  it('sends every subscription its events in the envelope, signed with its own secret', async () => {
    const hooks = await receiver()
    const processHook = await api('POST', '/webhooks', {
      endpoint: `${hooks.url}?scope=process`,
      enabled_events: ['process_run.started', 'process_run.completed', 'process_run.unresolved'],
      process: { id: robotProcess },
    })
    expect(processHook.status).toBe(200)
    const workspaceHook = await managed('POST', '/webhooks', {
      endpoint: `${hooks.url}?scope=workspace`,
      enabled_events: ['process_run', 'robot_run_event'],
    })
    expect(workspaceHook.status, workspaceHook.text).toBe(200)
    const callbackSecret = 'callback-secret-of-this-run'
    const runId = await startRun(robotProcess, {
      type: 'with_payloads',
      payloads: [{ n: 1 }],
      callback: {
        url: `${hooks.url}?scope=run`,
        secret: callbackSecret,
        callback_events: ['started', 'completed'],
      },
    })
    await waitFor(runEnded(runId))
    // process: started + completed; workspace: process_run START/END + robot_run_event START/END; run: 2.
    const all = await hooks.waitForCount(8)
    const of = (scope: string) => all.filter((d) => d.path.endsWith(`scope=${scope}`))
    const secrets: Record<string, string> = {
      process: processHook.body.secret,
      workspace: workspaceHook.body.secret,
      run: callbackSecret,
    }
    for (const [scope, secret] of Object.entries(secrets)) for (const d of of(scope)) expectSigned(secret, d)

    const stepRunId = (await api('GET', `/step-runs?process_run_id=${runId}`)).body.data[0].id
    const run = (await api('GET', `/process-runs/${runId}`)).body
    const common = { workspaceId: ws(), processId: robotProcess, processRunId: runId }
    for (const scope of ['process', 'run']) {
      const [started, completed] = of(scope).map((d) => d.body)
      expect(started).toMatchObject({
        event: 'process_run.started',
        action: 'START',
        payload: { ...common, state: 'IP', duration: null, result: null },
      })
      expect(completed).toMatchObject({
        event: 'process_run.completed',
        action: 'END',
        payload: {
          ...common,
          robotRunId: stepRunId,
          state: 'COMPL',
          duration: run.duration,
          result: 'success',
        },
      })
      for (const body of [started, completed]) {
        expect(body.id).toMatch(/^[0-9a-f-]{36}$/)
        expect(Date.parse(body.webhookEventTimestamp)).not.toBeNaN()
      }
    }
    // One event, one id, whoever receives it.
    expect(of('process').map((d) => d.body.id)).toEqual(of('run').map((d) => d.body.id))
    const workspace = of('workspace').map((d) => d.body)
    expect(workspace.map((b) => `${b.event} ${b.action}`).sort()).toEqual([
      'process_run END',
      'process_run START',
      'robot_run_event END',
      'robot_run_event START',
    ])
    expect(workspace.find((b) => b.event === 'robot_run_event' && b.action === 'END')).toMatchObject({
      payload: {
        ...common,
        robotRunId: stepRunId,
        seqNo: 2,
        eventType: 'step_run_completed',
        state: 'COMPL',
        result: 'success',
        data: { state: 'completed', errorCode: null },
      },
    })
  })

  it('retries a delivery answered 500 with the same id and body, and logs both attempts', async () => {
    const hooks = await receiver((_d, index) => (index === 0 ? 500 : 200))
    const hook = (
      await api('POST', '/webhooks', {
        endpoint: hooks.url,
        enabled_events: ['process_run.completed'],
        process: { id: emptyProcess },
      })
    ).body
    const runId = await startRun(emptyProcess)
    const [first, second] = await hooks.waitForCount(2)
    if (!first || !second) throw new Error('expected two deliveries')
    expect(second.raw.equals(first.raw)).toBe(true)
    expect(second.body).toMatchObject({ event: 'process_run.completed', payload: { processRunId: runId } })
    // A receiver deduping on id processes it once.
    expect(new Set([first.body.id, second.body.id]).size).toBe(1)
    expectSigned(hook.secret, second)

    const log = await waitFor(async () => {
      const page = await api('GET', `/webhooks/${hook.id}/attempts`)
      return page.body.data.length === 2 ? page : undefined
    })
    expect(log.body.data.map((a: { status: number }) => a.status)).toEqual([200, 500])
    const failed = log.body.data[1]
    expect(failed).toMatchObject({
      event_id: first.body.id,
      kind: 'event',
      error: 'HTTP 500',
      response_excerpt: 'answer 500',
    })
    expect(failed.latency_ms).toBeGreaterThanOrEqual(0)
    expect(Date.parse(failed.attempted_at)).not.toBeNaN()
    // The management API lists the same log.
    const viaManagement = await managed('GET', `/webhooks/${hook.id}/attempts?limit=1`)
    expect(viaManagement.body.data).toEqual([log.body.data[0]])
    expect(viaManagement.body.has_more).toBe(true)

    const deliveries = await api('GET', `/webhooks/${hook.id}/deliveries`)
    expect(deliveries.body.data).toHaveLength(1)
    const delivery = deliveries.body.data[0]
    expect(delivery).toMatchObject({
      state: 'delivered',
      attempts: 2,
      event_id: first.body.id,
      next_attempt_at: null,
    })
    expect(delivery.payload).toEqual(first.body)

    // Redeliver: the same event again (same id and body), logged as a redelivery.
    const redelivered = await api('POST', `/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`)
    expect(redelivered.status).toBe(200)
    const third = (await hooks.waitForCount(3))[2] as ReceivedDelivery
    expect(third.raw.equals(first.raw)).toBe(true)
    expectSigned(hook.secret, third)

    // A test event: fixed content, signed like the rest.
    const test = await api('POST', `/webhooks/${hook.id}/test`)
    expect(test.status).toBe(200)
    const fourth = (await hooks.waitForCount(4))[3] as ReceivedDelivery
    expect(fourth.body).toMatchObject({
      id: test.body.event_id,
      event: 'test',
      action: 'TEST',
      payload: { workspaceId: ws() },
    })
    expectSigned(hook.secret, fourth)
    const kinds = await waitFor(async () => {
      const page = await api('GET', `/webhooks/${hook.id}/attempts`)
      return page.body.data.length === 4 ? page.body.data.map((a: { kind: string }) => a.kind) : undefined
    })
    expect(kinds).toEqual(['test', 'redelivery', 'event', 'event'])
    expect((await api('POST', `/webhooks/${hook.id}/deliveries/nope/redeliver`)).status).toBe(404)
    expect((await api('GET', '/webhooks/nope/attempts')).status).toBe(404)
  })

  it('holds a webhook whose receiver is down, then delivers its events in run order', async () => {
    const hooks = await receiver(() => 503)
    await api('POST', '/webhooks', {
      endpoint: hooks.url,
      enabled_events: ['process_run.completed'],
      process: { id: emptyProcess },
    })
    const runIds: string[] = []
    for (let i = 0; i < 5; i++) {
      runIds.push(await startRun(emptyProcess))
      await waitFor(runEnded(runIds[i] as string))
    }
    await hooks.waitForCount(1)
    hooks.answer(() => 200)
    const accepted = () => hooks.deliveries.filter((d) => d.answered === 200)
    await waitFor(() => accepted().length >= runIds.length)
    // While it was down, only the oldest event was tried: the others waited behind it.
    const refused = hooks.deliveries.filter((d) => d.answered === 503)
    expect(refused.length).toBeGreaterThan(0)
    expect(new Set(refused.map((d) => d.body.payload.processRunId))).toEqual(new Set([runIds[0]]))
    // Once it answered, they came in the order the runs ended, each once.
    expect(accepted().map((d) => d.body.payload.processRunId)).toEqual(runIds)
  })

  it('keeps the API and other receivers going while a receiver hangs, with its connections bounded', async () => {
    const hanging = await receiver(() => 'hang')
    const healthy = await receiver()
    for (let i = 0; i < 12; i++)
      await api('POST', '/webhooks', {
        endpoint: `${hanging.url}?n=${i}`,
        enabled_events: ['process_run.started', 'process_run.completed'],
        process: { id: emptyProcess },
      })
    await api('POST', '/webhooks', {
      endpoint: healthy.url,
      enabled_events: ['process_run.completed'],
      process: { id: emptyProcess },
    })
    const runIds: string[] = []
    for (let i = 0; i < 5; i++) runIds.push(await startRun(emptyProcess))
    await hanging.waitForCount(4)
    const got = await healthy.waitForCount(5)
    expect(new Set(got.map((d) => d.body.payload.processRunId))).toEqual(new Set(runIds))
    // The API answers while requests hang; the hanging receiver never holds more than 4 connections.
    expect((await api('GET', '/process-runs?limit=5')).status).toBe(200)
    expect(hanging.openConnections()).toBeGreaterThan(0)
    expect(hanging.maxOpenConnections()).toBeLessThanOrEqual(4)
  })
})
