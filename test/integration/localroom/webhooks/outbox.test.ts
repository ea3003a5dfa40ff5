/**
 * The outbox is written in the transaction of the state change that causes it, on a real SQLite
 * file: a run's end rolled back leaves no event; one committed leaves exactly its events; nothing is
 * written for events no webhook asked for.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type RoomDb, selectAll, transaction } from '../../../../src/localroom/db/db'
import { seedIfEmpty } from '../../../../src/localroom/db/seed'
import { createRun, finishRun, getRunById, markRunStarted } from '../../../../src/localroom/runs/run-store'
import { createWebhook } from '../../../../src/localroom/webhooks/webhook-store'

let dir: string
let db: RoomDb
let workspaceId: string
let processId: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-outbox-'))
  db = openDatabase(dir)
  workspaceId = seedIfEmpty(db)
  processId = randomUUID()
  db.prepare('INSERT INTO processes (id, workspace_id, name, created_at) VALUES (?, ?, ?, ?)').run(
    processId,
    workspaceId,
    'Outbox',
    new Date().toISOString(),
  )
})

afterAll(async () => {
  db?.close()
  await rm(dir, { recursive: true, force: true })
})

const events = () =>
  selectAll<{ event: string; action: string; body: string }>(
    db,
    'SELECT event, action, body FROM webhook_events ORDER BY seq',
  )
const newRun = () =>
  createRun(db, { workspaceId, processId, firstStepId: null, payloads: [{}], callback: null })

describe('webhook outbox', () => {
  it('writes nothing while no webhook listens', () => {
    const runId = newRun()
    markRunStarted(db, runId)
    finishRun(db, runId, 'completed')
    expect(events()).toEqual([])
  })

  it("writes a run's events with its state changes, and none for a change rolled back", () => {
    createWebhook(db, randomBytes(32), {
      workspaceId,
      processId,
      endpoint: 'http://127.0.0.1:9/hook',
      events: ['process_run.started', 'process_run.completed'],
    })
    const runId = newRun()
    expect(markRunStarted(db, runId)).toBe(true)
    expect(events().map((e) => `${e.event} ${e.action}`)).toEqual(['process_run.started START'])

    // The end is written inside a caller's transaction that then fails: neither the end nor its event stays.
    expect(() =>
      transaction(db, () => {
        finishRun(db, runId, 'completed')
        throw new Error('the rest of the change failed')
      }),
    ).toThrow(/failed/)
    expect(getRunById(db, runId)?.state).toBe('in_progress')
    expect(events()).toHaveLength(1)

    finishRun(db, runId, 'completed')
    expect(getRunById(db, runId)?.state).toBe('completed')
    const all = events()
    expect(all.map((e) => `${e.event} ${e.action}`)).toEqual([
      'process_run.started START',
      'process_run.completed END',
    ])
    expect(JSON.parse(all[1]?.body as string).payload).toMatchObject({
      processRunId: runId,
      state: 'COMPL',
      result: 'success',
    })
    // A second end of an ended run changes nothing and queues nothing.
    finishRun(db, runId, 'unresolved')
    expect(events()).toHaveLength(2)
  })
})
