/**
 * The room's own step timeout (`stepTimeoutSeconds`, the CLI's --step-timeout): a process with no
 * timeout of its own still has its robot stopped when a step runs past it.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { waitFor } from '../../../support/localroom'
import { roomFixture } from '../../../support/room-fixture'

const fixture = roomFixture({
  mode: 'in-process',
  workers: 1,
  stepTimeoutSeconds: 1,
  prepare: async (dir) => {
    const robotsDir = join(dir, 'robots')
    await mkdir(join(robotsDir, 'sleeper'), { recursive: true })
    await writeFile(join(robotsDir, 'sleeper', 'robot.yaml'), 'tasks:\n  Run:\n    shell: node robot.mjs\n')
    await writeFile(
      join(robotsDir, 'sleeper', 'robot.mjs'),
      'await new Promise((r) => setTimeout(r, 60000))\n',
    )
    return { robotsDir }
  },
})

describe('stepTimeoutSeconds', () => {
  it('stops a step of a process without a timeout: run unresolved, step error timeout', async () => {
    const { wsApi } = fixture
    const processId = randomUUID()
    const db = new DatabaseSync(join(fixture.dataDir, DB_FILE), { timeout: 5000 })
    try {
      // timeout_seconds NULL: only the room's step timeout can stop this robot.
      db.prepare(
        'INSERT INTO processes (id, workspace_id, name, default_payload, timeout_seconds, created_at) VALUES (?, ?, ?, NULL, NULL, ?)',
      ).run(processId, fixture.ws(), 'Sleeper', new Date().toISOString())
      db.prepare(
        `INSERT INTO steps (id, process_id, position, name, robot, task) VALUES (?, ?, 0, 'Only', 'sleeper', 'Run')`,
      ).run(randomUUID(), processId)
    } finally {
      db.close()
    }
    const started = await wsApi('POST', `/processes/${processId}/process-runs`, {
      body: {
        type: 'with_payloads',
        payloads: [{}],
      },
    })
    expect(started.status).toBe(200)
    const id = started.body.id
    await waitFor(async () => (await wsApi('GET', `/process-runs/${id}`)).body.state === 'unresolved', {
      timeoutMs: 15000,
    })
    const step = (await wsApi('GET', `/step-runs?process_run_id=${id}`)).body.data[0]
    expect(step.error).toEqual({ code: 'timeout' })
  })
})
