/** A process's timeout also runs while its step waits for a worker: the run ends, never started. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { type LocalRoom, startLocalRoom } from '../../../../src/localroom/server'
import { callApi, waitFor } from '../../../support/localroom'
import { insertTestProcess, writeTestRobot } from '../../../support/localroom-test-robot'

let dir: string
let room: LocalRoom

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-queued-timeout-'))
  const robotsDir = await writeTestRobot(dir)
  room = await startLocalRoom({ dataDir: join(dir, 'data'), robotsDir, workers: 1, issueBootstrapKey: true })
})

afterAll(async () => {
  await room?.close()
  await rm(dir, { recursive: true, force: true })
})

const api = (method: string, path: string, body?: unknown) =>
  callApi(room.url, method, `/workspaces/${room.workspaceId}${path}`, { key: room.bootstrap?.api_key, body })

describe('process timeout while waiting for a worker', () => {
  it('ends the run unresolved with a timeout, its step never started and its items failed', async () => {
    const dataDir = join(dir, 'data')
    const busy = insertTestProcess(dataDir, room.workspaceId, 'Busy')
    const hurried = insertTestProcess(dataDir, room.workspaceId, 'Hurried')
    const db = new DatabaseSync(join(dataDir, DB_FILE), { timeout: 5000 })
    db.prepare('UPDATE processes SET timeout_seconds = 1 WHERE id = ?').run(hurried)
    db.close()

    const blocker = await api('POST', `/processes/${busy}/process-runs`, {
      type: 'with_payloads',
      payloads: [{ mode: 'sleep', ms: 4000 }],
    })
    await waitFor(
      async () => (await api('GET', `/process-runs/${blocker.body.id}`)).body.state === 'in_progress',
    )
    const queued = await api('POST', `/processes/${hurried}/process-runs`, {
      type: 'with_payloads',
      payloads: [{}],
    })

    const ended = await waitFor(
      async () => {
        const run = (await api('GET', `/process-runs/${queued.body.id}`)).body
        return run.state === 'unresolved' ? run : null
      },
      { timeoutMs: 3000 },
    )
    expect(ended.duration).toBeLessThan(3)
    const stepRuns = (await api('GET', `/step-runs?process_run_id=${queued.body.id}`)).body.data
    expect(stepRuns).toHaveLength(1)
    expect(stepRuns[0]).toMatchObject({ state: 'failed', error: { code: 'timeout' }, started_at: null })
    const items = (await api('GET', `/work-items?process_run_id=${queued.body.id}`)).body.data
    expect(items.map((item: { state: string }) => item.state)).toEqual(['failed'])
    const item = (await api('GET', `/work-items/${items[0].id}`)).body
    expect(item.exception).toMatchObject({ type: 'orchestrator', code: 'timeout' })
    // The worker was never taken from the run ahead of it.
    expect((await api('GET', `/process-runs/${blocker.body.id}`)).body.state).toBe('in_progress')
  })
})
