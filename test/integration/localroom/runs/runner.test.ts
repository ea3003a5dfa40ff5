/**
 * The runner inside an in-process room (startLocalRoom), with test robots: failures, the robot's
 * environment, killing robots on close(), a broken robot folder, and two rooms in one process.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { waitFor } from '../../../support/localroom'
import { roomFixture } from '../../../support/room-fixture'

// Stands in for the sample robot (same folder name): what it does is chosen by the payload.
const TEST_ROBOT = `
import { readFileSync, writeFileSync } from 'node:fs'
const [item] = JSON.parse(readFileSync(process.env.RC_WORKITEM_INPUT_PATH, 'utf8'))
const payload = item.payload ?? {}
if (payload.mode === 'env') console.log('ENV ' + JSON.stringify(process.env))
if (payload.mode === 'fail') { console.error('failing on purpose'); process.exit(payload.code) }
if (payload.mode === 'sleep') { console.log('PID ' + process.pid); setInterval(() => {}, 1000) }
else writeFileSync(process.env.RC_WORKITEM_OUTPUT_PATH, JSON.stringify([{ payload, files: {} }]))
`

const logs: string[] = []
const fixture = roomFixture({
  mode: 'in-process',
  log: (line) => logs.push(line),
  prepare: async (dir) => {
    const robot = join(dir, 'robots', 'echo-payload')
    await mkdir(robot, { recursive: true })
    await writeFile(
      join(robot, 'robot.yaml'),
      'tasks:\n  Echo payload:\n    shell: node robot.mjs\nartifactsDir: output\n',
    )
    await writeFile(join(robot, 'robot.mjs'), TEST_ROBOT)
    return { robotsDir: join(dir, 'robots') }
  },
})
/** A second room in the same process, whose robots folder does not exist. */
const other = roomFixture({ mode: 'in-process', prepare: (dir) => ({ robotsDir: join(dir, 'no-robots') }) })
const { wsApi } = fixture

async function start(payload: unknown): Promise<string> {
  const processes = await wsApi('GET', '/processes')
  const response = await wsApi('POST', `/processes/${processes.body.data[0].id}/process-runs`, {
    body: { type: 'with_payloads', payloads: [payload] },
  })
  expect(response.status).toBe(200)
  return response.body.id
}

const consoleOf = (dataDir: string, runId: string) => {
  const db = new DatabaseSync(join(dataDir, DB_FILE), { readOnly: true })
  try {
    return db
      .prepare(
        `SELECT c.stream, c.message FROM console_messages c JOIN step_runs s ON s.id = c.step_run_id
         WHERE s.process_run_id = ? ORDER BY c.seq`,
      )
      .all(runId) as { stream: string; message: string }[]
  } finally {
    db.close()
  }
}

describe('local Control Room runner', () => {
  it('ends a run unresolved when the robot exits non-zero, keeping its stderr', async () => {
    const id = await start({ mode: 'fail', code: 3 })
    const run = await fixture.waitForRunEnd(id)
    expect(run.state).toBe('unresolved')
    expect(run.ended_at).not.toBeNull()
    expect(typeof run.duration).toBe('number')
    const lines = consoleOf(fixture.dataDir, id)
    expect(lines).toContainEqual({ stream: 'stderr', message: 'failing on purpose' })
    expect(lines).toContainEqual({ stream: 'system', message: 'The robot exited with code 3' })
  })

  it("gives robots the run's RC_* variables and not the room's secrets", async () => {
    process.env.ROBODECK_TEST_SECRET = 'do-not-leak'
    try {
      const id = await start({ mode: 'env' })
      expect((await fixture.waitForRunEnd(id)).state).toBe('completed')
      const line = consoleOf(fixture.dataDir, id).find((l) => l.message.startsWith('ENV '))
      const env = JSON.parse(line?.message.slice(4) ?? '{}') as Record<string, string>
      expect(env.ROBODECK_TEST_SECRET).toBeUndefined()
      expect(env).toMatchObject({
        RC_WORKSPACE_ID: fixture.ws(),
        RC_PROCESS_RUN_ID: id,
        RC_WORKITEM_ADAPTER: 'FileAdapter',
        ELECTRON_RUN_AS_NODE: '1',
      })
      expect(env.RC_WORKITEM_INPUT_PATH).toContain(join(fixture.dataDir, 'step-runs'))
      expect(Object.keys(env).filter((name) => !name.startsWith('RC_'))).not.toContain('ROBODECK_TEST_SECRET')
    } finally {
      delete process.env.ROBODECK_TEST_SECRET
    }
  })

  it('runs a second room in the same process, and reports a robot it cannot run', async () => {
    expect(other.ws()).not.toBe(fixture.ws())
    expect(other.url).not.toBe(fixture.url)
    const processes = await other.wsApi('GET', '/processes')
    const started = await other.wsApi('POST', `/processes/${processes.body.data[0].id}/process-runs`)
    const run = await other.waitForRunEnd(started.body.id)
    expect(run.state).toBe('unresolved')
    const lines = consoleOf(other.dataDir, started.body.id)
    expect(lines[0]?.message).toMatch(/^Cannot run robot echo-payload: robot.yaml not found/)
    // The first room is unaffected, and its key means nothing to the second.
    expect((await other.wsApi('GET', '', { key: fixture.key() })).status).toBe(401)
  })

  it('kills running robots on close() and ends their runs unresolved', async () => {
    const id = await start({ mode: 'sleep' })
    const pidLine = await waitFor(() =>
      consoleOf(fixture.dataDir, id).find((l) => l.message.startsWith('PID ')),
    )
    const pid = Number(pidLine.message.slice(4))
    expect(() => process.kill(pid, 0)).not.toThrow()
    const { room } = fixture
    await room.close()
    expect(() => process.kill(pid, 0)).toThrow()
    const db = new DatabaseSync(join(fixture.dataDir, DB_FILE), { readOnly: true })
    try {
      expect(db.prepare('SELECT state, ended_at FROM process_runs WHERE id = ?').get(id)).toEqual({
        state: 'unresolved',
        ended_at: expect.any(String),
      })
      expect(db.prepare('SELECT state, error_code FROM step_runs WHERE process_run_id = ?').get(id)).toEqual({
        state: 'failed',
        error_code: 'stopped',
      })
    } finally {
      db.close()
    }
    // close() is idempotent.
    await room.close()
  })
})
