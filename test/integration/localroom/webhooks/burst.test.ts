/**
 * 1,000 runs finishing in a burst: 1,000 process_run.completed events at the receiver, every run
 * once after deduping by id, none lost. The runs go through the real runner on a process with no
 * steps (it starts and completes at once: the fastest run the room has), started as one legacy
 * runs-batch request of 1,000 payloads.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalRoom, startLocalRoom } from '../../../../src/localroom/server'
import { callApi } from '../../../support/localroom'
import { insertTestProcess } from '../../../support/localroom-test-robot'
import { startReceiver, type WebhookReceiver } from '../../../support/webhook-receiver'

const RUNS = 1000

let dir: string
let room: LocalRoom
let hooks: WebhookReceiver

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-webhook-burst-'))
  room = await startLocalRoom({ dataDir: dir, issueBootstrapKey: true })
  hooks = await startReceiver()
})

afterAll(async () => {
  await room?.close()
  await hooks?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('a burst of run ends', () => {
  it(`delivers ${RUNS} completed events for ${RUNS} runs, each run once after dedupe`, async () => {
    const key = room.bootstrap?.api_key as string
    const processId = insertTestProcess(dir, room.workspaceId, 'Burst', 0)
    const created = await callApi(room.url, 'POST', `/workspaces/${room.workspaceId}/webhooks`, {
      key,
      body: { endpoint: hooks.url, enabled_events: ['process_run.completed'], process: { id: processId } },
    })
    expect(created.status).toBe(200)
    const legacy = `${room.origin}/process-v1/workspaces/${room.workspaceId}/processes/${processId}/runs-batch`
    const started = await callApi(room.url, 'POST', legacy, {
      key,
      body: Array.from({ length: RUNS }, (_, n) => ({ n })),
    })
    expect(started.status).toBe(200)
    const runIds: string[] = started.body.data.map((run: { id: string }) => run.id)
    expect(runIds).toHaveLength(RUNS)

    const received = await hooks.waitForCount(RUNS, 60_000)
    const byId = new Map(received.map((d) => [d.body.id as string, d.body]))
    const runsSeen = [...byId.values()].map((body) => body.payload.processRunId as string)
    expect(runsSeen.sort()).toEqual([...runIds].sort())
    expect([...byId.values()].every((body) => body.event === 'process_run.completed')).toBe(true)
    // Nothing more trickles in: each run's event arrived once (no retry was needed on loopback).
    await new Promise((done) => setTimeout(done, 300))
    expect(hooks.deliveries).toHaveLength(RUNS)
    // Delivered in the order the runs ended (one request at a time per webhook).
    const stamps = received.map((d) => Date.parse(d.body.webhookEventTimestamp))
    expect(stamps.every((stamp, i) => i === 0 || stamp >= (stamps[i - 1] as number))).toBe(true)
  }, 90_000)
})
