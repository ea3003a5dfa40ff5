/**
 * Batch endpoints are all or nothing, over real HTTP and a real SQLite file: a client told that a
 * batch failed can rely on none of it having happened. Failures are a bad element, and the
 * database refusing one write midway (a trigger added through a second connection, as a full disk
 * or a constraint would).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { type LocalRoom, startLocalRoom } from '../../../../src/localroom/server'
import { nestedJson } from '../../../support/hostile-input'
import { callApi, waitFor } from '../../../support/localroom'
import { insertTestProcess, writeTestRobot } from '../../../support/localroom-test-robot'

let dir: string
let room: LocalRoom
let processId: string
let db: DatabaseSync

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-batch-'))
  const robotsDir = await writeTestRobot(dir)
  room = await startLocalRoom({ dataDir: join(dir, 'data'), robotsDir, issueBootstrapKey: true })
  processId = insertTestProcess(join(dir, 'data'), room.workspaceId, 'Batch')
  db = new DatabaseSync(join(dir, 'data', DB_FILE), { timeout: 5000 })
})

afterAll(async () => {
  db?.close()
  await room?.close()
  await rm(dir, { recursive: true, force: true })
})

const key = () => room.bootstrap?.api_key as string
const api = (method: string, path: string, options: Parameters<typeof callApi>[3] = {}) =>
  callApi(room.url, method, path, { key: key(), ...options })
const batchPath = () => `/workspaces/${room.workspaceId}/processes/${processId}/runs-batch`
const startBatch = (rawBody: string) =>
  callApi(`${room.origin}/process-v1`, 'POST', batchPath(), { key: key(), rawBody })
const runIds = async () =>
  (
    (await api('GET', `/workspaces/${room.workspaceId}/process-runs?limit=100`)).body.data as { id: string }[]
  ).map((run) => run.id)
const settled = (runId: string) =>
  waitFor(
    async () => {
      const response = await api('GET', `/workspaces/${room.workspaceId}/process-runs/${runId}`)
      return ['completed', 'unresolved'].includes(response.body.state) ? response.body : null
    },
    { timeoutMs: 20_000 },
  )

/** Makes the database refuse matching writes until the returned function is called. */
function refuseWrites(table: string, event: 'INSERT' | 'UPDATE', when: string): () => void {
  db.exec(`CREATE TRIGGER refuse_write BEFORE ${event} ON ${table} WHEN ${when}
           BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`)
  return () => db.exec('DROP TRIGGER refuse_write')
}

describe('legacy runs-batch', () => {
  it('starts nothing when one element is bad, and says which', async () => {
    const before = await runIds()
    const response = await startBatch(`[{"a":1},{"b":2},${nestedJson(100_000, 'array')},{"d":4}]`)
    expect(response.status).toBe(400)
    expect(response.body.error.message).toContain('field "2.0.0.0.0.0.…"')
    expect(await runIds()).toEqual(before)
  })

  it('starts nothing when the database refuses one run midway, and all once it accepts', async () => {
    const before = await runIds()
    const allow = refuseWrites('work_items', 'INSERT', `NEW.payload LIKE '%"third"%'`)
    try {
      const response = await startBatch('[{"first":1},{"second":2},{"third":3},{"fourth":4}]')
      expect(response.status).toBeGreaterThanOrEqual(500)
      expect(response.body.error.code).toBe('internal_error')
    } finally {
      allow()
    }
    expect(await runIds()).toEqual(before)

    const response = await startBatch('[{"first":1},{"second":2},{"third":3},{"fourth":4}]')
    expect(response.status).toBe(200)
    expect(response.body.data).toHaveLength(4)
    for (const started of response.body.data) expect((await settled(started.id)).state).toBe('completed')
  })
})

describe('work item batch operations', () => {
  it('change no item when reopening a run for a retry fails, and all once it works', async () => {
    const started = await api('POST', `/workspaces/${room.workspaceId}/processes/${processId}/process-runs`, {
      body: { type: 'with_payloads', payloads: [{ mode: 'release' }, { mode: 'release' }] },
    })
    expect(started.status).toBe(200)
    const runId = started.body.id as string
    expect((await settled(runId)).state).toBe('unresolved')
    const items = (
      await api('GET', `/workspaces/${room.workspaceId}/work-items?process_run_id=${runId}&state=failed`)
    ).body.data.map((item: { id: string }) => item.id)
    expect(items).toHaveLength(2)
    const retry = () =>
      api('POST', `/workspaces/${room.workspaceId}/work-items/batch`, {
        body: { batch_operation: 'retry', work_item_ids: items },
      })
    const states = async () => {
      const run = await api('GET', `/workspaces/${room.workspaceId}/process-runs/${runId}`)
      const listed = await api('GET', `/workspaces/${room.workspaceId}/work-items?process_run_id=${runId}`)
      return {
        run: run.body.state,
        items: (listed.body.data as { state: string }[]).map((item) => item.state),
      }
    }

    const allow = refuseWrites('process_runs', 'UPDATE', `NEW.state = 'new' AND OLD.state = 'unresolved'`)
    try {
      const refused = await retry()
      expect(refused.status).toBeGreaterThanOrEqual(500)
    } finally {
      allow()
    }
    // Neither the items nor the run moved: nothing is left half retried.
    expect(await states()).toEqual({ run: 'unresolved', items: ['failed', 'failed'] })

    expect((await retry()).status).toBe(200)
    // The retried items run again (and fail again, as the robot releases them FAILED).
    await waitFor(async () => {
      const now = await states()
      return now.run === 'unresolved' && now.items.every((state) => state === 'failed') ? now : null
    })
    const steps = await api('GET', `/workspaces/${room.workspaceId}/step-runs?process_run_id=${runId}`)
    expect(steps.body.data).toHaveLength(2)
  })
})
