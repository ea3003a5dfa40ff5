/**
 * The core's webhook push from its local room, over real HTTP against the real room (spawned): the
 * registration the core makes on connect, the receiver's checks, and pushes turned into run events
 * through the watcher's exactly-once memory. Until the room sends webhooks itself, the deliveries
 * are sent by the test, signed by the definition with the secret the room gave the core's webhook.
 */
import { join } from 'node:path'
import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileKeyCipher } from '../../../../../src/main/core/cipher'
import { type Core, createCore } from '../../../../../src/main/core/core'
import { type AnyEvent, isRunEvent, type RunEvent } from '../../../../../src/main/core/events'
import { openConfSettingsFile } from '../../../../../src/main/core/settings/conf-settings-file'
import { signedRequest } from '../../../../support/credential-client'
import { callApi, type SpawnedLocalRoom, spawnLocalRoom, waitFor } from '../../../../support/localroom'
import { rawHttp } from '../../../../support/raw-http'
import { tempDir } from '../../../../support/temp-dir'
import { hmacHex, runEventBody, sendDelivery } from '../../../../support/webhook-sender'

let room: SpawnedLocalRoom | undefined
const cores: Core[] = []

afterEach(async () => {
  for (const core of cores.splice(0)) await core.close()
  await room?.stop()
  room = undefined
})

/** A core on the room whose watcher polls only every `pollMs`, so what arrives sooner came by push. */
async function coreOnRoom(options: { pollMs?: number; dataDir?: string } = {}) {
  room ??= await spawnLocalRoom()
  const dir = options.dataDir ?? (await tempDir())
  const logged: string[] = []
  const pollMs = options.pollMs ?? 60_000
  const core = createCore({
    dataDir: dir,
    cipher: createFileKeyCipher(join(dir, 'secrets.key')),
    openSettingsFile: openConfSettingsFile,
    mode: 'web',
    version: 'test',
    pollIntervalMs: pollMs,
    // Idle and push-fed connections are polled at slowMs: the same pace, so "every pollMs" holds.
    schedule: { slowMs: pollMs },
    logError: (message, error) => logged.push(`${message} ${String(error)} ${JSON.stringify(error)}`),
  })
  cores.push(core)
  const events: AnyEvent[] = []
  core.events.subscribe((event) => events.push(event))
  await core.connectLocalRoom(room.bootstrap)
  core.start()
  // The first look is history; let it finish before the test makes news.
  await core.handlers.connections.refresh({})
  return { core, room, events, logged, dir }
}

const managementOrigin = (r: SpawnedLocalRoom) => new URL(r.bootstrap.url).origin
const webhooksPath = (r: SpawnedLocalRoom) => `/management-v1/workspaces/${r.bootstrap.workspace_id}/webhooks`

/** The room's webhooks, read through its management API as the owner. */
async function roomWebhooks(r: SpawnedLocalRoom) {
  const listed = await signedRequest(
    managementOrigin(r),
    r.bootstrap.user_credential as string,
    'GET',
    webhooksPath(r),
  )
  expect(listed.status).toBe(200)
  return listed.body.data as { id: string; endpoint: string; process: unknown; enabled_events: string[] }[]
}

/** The core's registered webhook with its secret, as the room answers it (GET returns the secret). */
async function registered(core: Core, r: SpawnedLocalRoom) {
  const registration = core.localPush.registration()
  expect(registration).toBeDefined()
  const got = await signedRequest(
    managementOrigin(r),
    r.bootstrap.user_credential as string,
    'GET',
    `${webhooksPath(r)}/${registration?.webhookId}`,
  )
  expect(got.status).toBe(200)
  return {
    endpoint: got.body.endpoint as string,
    secret: got.body.secret as string,
    id: got.body.id as string,
  }
}

/** Starts a run of the sample process straight through the API (not through the core, whose launch polls). */
async function startRun(r: SpawnedLocalRoom): Promise<{ runId: string; processId: string }> {
  const base = r.bootstrap.url
  const ws = r.bootstrap.workspace_id
  const processes = await callApi(base, 'GET', `/workspaces/${ws}/processes`, { key: r.bootstrap.api_key })
  const echo = (processes.body.data as { id: string; name: string }[]).find((p) => p.name === 'Echo payload')
  expect(echo).toBeDefined()
  const started = await callApi(base, 'POST', `/workspaces/${ws}/processes/${echo?.id}/process-runs`, {
    key: r.bootstrap.api_key,
    body: {},
  })
  expect(started.status).toBe(200)
  return { runId: started.body.id as string, processId: echo?.id as string }
}

async function waitForRunState(r: SpawnedLocalRoom, runId: string, state: string) {
  await waitFor(
    async () =>
      (
        await callApi(
          r.bootstrap.url,
          'GET',
          `/workspaces/${r.bootstrap.workspace_id}/process-runs/${runId}`,
          {
            key: r.bootstrap.api_key,
          },
        )
      ).body.state === state,
    { timeoutMs: 30_000 },
  )
}

const runEvents = (events: AnyEvent[], name: RunEvent['name'], runId: string) =>
  events.filter((e): e is RunEvent => isRunEvent(e) && e.name === name && e.payload.id === runId)

describe('webhook push from the local room', () => {
  it('registers one workspace webhook for run events to a receiver on 127.0.0.1', async () => {
    const { core, room, events, logged } = await coreOnRoom()
    const hooks = await roomWebhooks(room)
    expect(hooks).toHaveLength(1)
    expect(hooks[0]).toMatchObject({
      process: null,
      enabled_events: ['process_run.started', 'process_run.completed', 'process_run.unresolved'],
    })
    const endpoint = new URL(hooks[0]?.endpoint as string)
    expect(endpoint.protocol).toBe('http:')
    expect(endpoint.hostname).toBe('127.0.0.1')
    const { secret } = await registered(core, room)
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
    // The secret stays in the core's memory: in no event and no log line.
    expect(JSON.stringify(events)).not.toContain(secret)
    expect(logged.join('\n')).not.toContain(secret)
  })

  it('answers 200 to a signed delivery and refuses bad, tampered, unsigned, oversized and misdirected ones', async () => {
    const { core, room } = await coreOnRoom()
    const { endpoint, secret } = await registered(core, room)
    const body = runEventBody({ workspaceId: room.bootstrap.workspace_id, processRunId: 'no-such-run' })

    expect((await sendDelivery(endpoint, body, { secret })).status).toBe(200)
    const wrongKey = await sendDelivery(endpoint, body, { secret: `${secret}x` })
    expect(wrongKey).toEqual({
      status: 401,
      body: { error: { code: 'bad_signature', message: expect.stringContaining('x-rc-signature') } },
    })
    // Signed for one body, sent with another: the one changed byte is caught.
    const tampered = await sendDelivery(endpoint, body.replace('no-such-run', 'no-such-rum'), {
      signature: hmacHex(secret, body),
    })
    expect(tampered.status).toBe(401)
    expect((await sendDelivery(endpoint, body, { signature: '0'.repeat(64) })).status).toBe(401)
    expect((await sendDelivery(endpoint, body, { signature: null })).status).toBe(401)
    expect((await sendDelivery(endpoint, body, { signature: 'not-hex' })).status).toBe(401)

    const huge = JSON.stringify({ id: 'big', event: 'x', payload: { pad: 'a'.repeat(300 * 1024) } })
    const oversized = await sendDelivery(endpoint, huge, { secret })
    expect(oversized.status).toBe(413)
    // No length announced (chunked): cut off once past the limit, before the signature is looked at.
    const target = new URL(endpoint)
    const chunk = 'a'.repeat(64 * 1024)
    const chunked = await rawHttp(
      target.origin,
      `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nTransfer-Encoding: chunked\r\n` +
        `x-rc-signature: ${hmacHex(secret, chunk.repeat(5))}\r\n\r\n` +
        `${`${(64 * 1024).toString(16)}\r\n${chunk}\r\n`.repeat(5)}0\r\n\r\n`,
    )
    expect(chunked.status).toBe(413)

    const elsewhere = new URL(endpoint)
    elsewhere.pathname = `${elsewhere.pathname}x`
    expect((await sendDelivery(elsewhere.toString(), body, { secret })).status).toBe(404)
    const get = await request(endpoint, { method: 'GET' })
    await get.body.dump()
    expect(get.statusCode).toBe(405)
  })

  it('turns a push into run.finished within a second, while the watcher would not look for a minute', async () => {
    const { core, room, events } = await coreOnRoom()
    const { endpoint, secret } = await registered(core, room)
    const { runId, processId } = await startRun(room)
    await waitForRunState(room, runId, 'completed')
    expect(runEvents(events, 'run.finished', runId)).toHaveLength(0)

    const sentAt = Date.now()
    const answer = await sendDelivery(
      endpoint,
      runEventBody({ workspaceId: room.bootstrap.workspace_id, processId, processRunId: runId }),
      { secret },
    )
    expect(answer.status).toBe(200)
    await waitFor(() => runEvents(events, 'run.finished', runId).length > 0, {
      timeoutMs: 1_000,
      intervalMs: 10,
    })
    expect(Date.now() - sentAt).toBeLessThan(1_000)
    expect(runEvents(events, 'run.finished', runId)[0]?.payload).toMatchObject({
      id: runId,
      state: 'completed',
      processName: 'Echo payload',
      connectionId: 'local',
    })
    // A run first heard of by its end is announced started too, once.
    expect(runEvents(events, 'run.started', runId)).toHaveLength(1)
  })

  it('acts once on an event delivered twice (the id is remembered)', async () => {
    const { core, room, events } = await coreOnRoom()
    const { endpoint, secret } = await registered(core, room)
    const { runId } = await startRun(room)
    await waitForRunState(room, runId, 'completed')
    const body = runEventBody({ workspaceId: room.bootstrap.workspace_id, processRunId: runId })
    expect(await sendDelivery(endpoint, body, { secret })).toEqual({ status: 200, body: { received: true } })
    expect(await sendDelivery(endpoint, body, { secret })).toEqual({ status: 200, body: { duplicate: true } })
    await waitFor(() => runEvents(events, 'run.finished', runId).length > 0)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(runEvents(events, 'run.finished', runId)).toHaveLength(1)
  })

  it('never double-notifies a run that polls (every 100 ms) and pushes both report', async () => {
    const { core, room, events } = await coreOnRoom({ pollMs: 100 })
    const { endpoint, secret } = await registered(core, room)
    const workspaceId = room.bootstrap.workspace_id

    // Polled first: the watcher (fast, no push yet) announces the end; the push that follows does not.
    const polled = await startRun(room)
    await waitFor(() => runEvents(events, 'run.finished', polled.runId).length > 0, { timeoutMs: 30_000 })
    const late = runEventBody({ workspaceId, processId: polled.processId, processRunId: polled.runId })
    expect((await sendDelivery(endpoint, late, { secret })).status).toBe(200)

    // Pushed as soon as the room says it ended, racing the 100 ms polls: whichever is first, one notification.
    const pushed = await startRun(room)
    await waitForRunState(room, pushed.runId, 'completed')
    const first = runEventBody({ workspaceId, processId: pushed.processId, processRunId: pushed.runId })
    expect((await sendDelivery(endpoint, first, { secret })).status).toBe(200)
    await waitFor(() => runEvents(events, 'run.finished', pushed.runId).length > 0)
    await core.handlers.connections.refresh({})
    // The same event again under a new id (a redelivery the room logs anew), then more polls.
    const again = runEventBody({ workspaceId, processId: pushed.processId, processRunId: pushed.runId })
    expect((await sendDelivery(endpoint, again, { secret })).status).toBe(200)
    await core.handlers.connections.refresh({})
    await new Promise((resolve) => setTimeout(resolve, 300))

    for (const { runId } of [polled, pushed]) {
      expect(runEvents(events, 'run.started', runId)).toHaveLength(1)
      expect(runEvents(events, 'run.finished', runId)).toHaveLength(1)
    }
  })

  it('ignores a signed event about another workspace', async () => {
    const { core, room, events } = await coreOnRoom()
    const { endpoint, secret } = await registered(core, room)
    const { runId } = await startRun(room)
    await waitForRunState(room, runId, 'completed')
    const answer = await sendDelivery(endpoint, runEventBody({ workspaceId: 'other', processRunId: runId }), {
      secret,
    })
    expect(answer.status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(runEvents(events, 'run.finished', runId)).toHaveLength(0)
  })

  it('unregisters on close, and a restart registers a new webhook with a fresh secret, sweeping one left by a crash', async () => {
    const first = await coreOnRoom()
    const dir = first.dir
    const before = await registered(first.core, first.room)
    await first.core.close()
    cores.splice(cores.indexOf(first.core), 1)
    expect(await roomWebhooks(first.room)).toEqual([])
    // The receiver went with the core.
    await expect(sendDelivery(before.endpoint, '{}', { secret: before.secret })).rejects.toThrow()

    // A webhook an earlier start left behind (it was killed): same data dir, so same marker.
    const left = await signedRequest(
      managementOrigin(first.room),
      first.room.bootstrap.user_credential as string,
      'POST',
      webhooksPath(first.room),
      { endpoint: before.endpoint, enabled_events: ['process_run.completed'] },
    )
    expect(left.status).toBe(200)
    // Someone else's webhook on the same room is left alone.
    const other = await signedRequest(
      managementOrigin(first.room),
      first.room.bootstrap.user_credential as string,
      'POST',
      webhooksPath(first.room),
      { endpoint: 'http://127.0.0.1:9/hook', enabled_events: ['process_run.completed'] },
    )
    expect(other.status).toBe(200)

    const second = await coreOnRoom({ dataDir: dir })
    const after = await registered(second.core, second.room)
    expect(after.secret).not.toBe(before.secret)
    expect(after.endpoint).not.toBe(before.endpoint)
    const ids = (await roomWebhooks(second.room)).map((w) => w.id).sort()
    expect(ids).toEqual([after.id, other.body.id].sort())
    const body = runEventBody({ workspaceId: second.room.bootstrap.workspace_id, processRunId: 'x' })
    expect((await sendDelivery(after.endpoint, body, { secret: before.secret })).status).toBe(401)
    expect((await sendDelivery(after.endpoint, body, { secret: after.secret })).status).toBe(200)
  })

  it('registers again on a room that restarted on a new port, and the old secret stops working', async () => {
    const roomDir = await tempDir()
    room = await spawnLocalRoom({ dataDir: roomDir })
    const { core, events } = await coreOnRoom()
    const before = await registered(core, room)
    await room.stop()
    room = await spawnLocalRoom({ dataDir: roomDir })
    await core.connectLocalRoom(room.bootstrap)

    const after = await registered(core, room)
    expect(after.id).not.toBe(before.id)
    expect(after.secret).not.toBe(before.secret)
    // One webhook: the one from before the restart was deleted (same database, new credential).
    expect((await roomWebhooks(room)).map((w) => w.id)).toEqual([after.id])
    const { runId } = await startRun(room)
    await waitForRunState(room, runId, 'completed')
    const body = runEventBody({ workspaceId: room.bootstrap.workspace_id, processRunId: runId })
    expect((await sendDelivery(after.endpoint, body, { secret: before.secret })).status).toBe(401)
    expect((await sendDelivery(after.endpoint, body, { secret: after.secret })).status).toBe(200)
    await waitFor(() => runEvents(events, 'run.finished', runId).length === 1, { timeoutMs: 1_000 })
  })

  // The whole path, with the room sending: fails until the room's webhook sender has merged (issue 12
  // parts 1-2). Left un-skipped on purpose, so the merge is what turns it green.
  it('end to end: the room sends, the core announces run.finished with no poll in between', async () => {
    const { room, events } = await coreOnRoom({ pollMs: 120_000 })
    const { runId } = await startRun(room)
    await waitFor(() => runEvents(events, 'run.finished', runId).length > 0, { timeoutMs: 15_000 })
    expect(runEvents(events, 'run.finished', runId)).toHaveLength(1)
  }, 40_000)
})
