/** A process's timeout also runs while its step waits for a worker: the run ends, never started. */
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { waitFor } from '../../../support/localroom'
import { insertTestProcess, writeTestRobot } from '../../../support/localroom-test-robot'
import { roomFixture } from '../../../support/room-fixture'

const fixture = roomFixture({
  mode: 'in-process',
  workers: 1,
  prepare: async (dir) => ({ robotsDir: await writeTestRobot(dir) }),
})
const { wsApi } = fixture

describe('process timeout while waiting for a worker', () => {
  it('ends the run unresolved with a timeout, its step never started and its items failed', async () => {
    const { dataDir } = fixture
    const busy = insertTestProcess(dataDir, fixture.ws(), 'Busy')
    const hurried = insertTestProcess(dataDir, fixture.ws(), 'Hurried')
    const db = new DatabaseSync(join(dataDir, DB_FILE), { timeout: 5000 })
    db.prepare('UPDATE processes SET timeout_seconds = 1 WHERE id = ?').run(hurried)
    db.close()

    const blocker = await wsApi('POST', `/processes/${busy}/process-runs`, {
      body: {
        type: 'with_payloads',
        payloads: [{ mode: 'sleep', ms: 4000 }],
      },
    })
    await waitFor(
      async () => (await wsApi('GET', `/process-runs/${blocker.body.id}`)).body.state === 'in_progress',
    )
    const queued = await wsApi('POST', `/processes/${hurried}/process-runs`, {
      body: {
        type: 'with_payloads',
        payloads: [{}],
      },
    })

    const ended = await waitFor(
      async () => {
        const run = (await wsApi('GET', `/process-runs/${queued.body.id}`)).body
        return run.state === 'unresolved' ? run : null
      },
      { timeoutMs: 3000 },
    )
    expect(ended.duration).toBeLessThan(3)
    const stepRuns = (await wsApi('GET', `/step-runs?process_run_id=${queued.body.id}`)).body.data
    expect(stepRuns).toHaveLength(1)
    expect(stepRuns[0]).toMatchObject({ state: 'failed', error: { code: 'timeout' }, started_at: null })
    const items = (await wsApi('GET', `/work-items?process_run_id=${queued.body.id}`)).body.data
    expect(items.map((item: { state: string }) => item.state)).toEqual(['failed'])
    const item = (await wsApi('GET', `/work-items/${items[0].id}`)).body
    expect(item.exception).toMatchObject({ type: 'orchestrator', code: 'timeout' })
    // The worker was never taken from the run ahead of it.
    expect((await wsApi('GET', `/process-runs/${blocker.body.id}`)).body.state).toBe('in_progress')
  })
})
