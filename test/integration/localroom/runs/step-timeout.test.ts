/**
 * The room's own step timeout (`stepTimeoutSeconds`, the CLI's --step-timeout): a process with no
 * timeout of its own still has its robot stopped when a step runs past it.
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { callApi, waitFor } from '../../../support/localroom'
import { inProcessRoom } from '../../../support/room-fixture'

const robotsDir = mkdtempSync(join(tmpdir(), 'robodeck-step-timeout-'))
mkdirSync(join(robotsDir, 'sleeper'))
writeFileSync(join(robotsDir, 'sleeper', 'robot.yaml'), 'tasks:\n  Run:\n    shell: node robot.mjs\n')
writeFileSync(join(robotsDir, 'sleeper', 'robot.mjs'), 'await new Promise((r) => setTimeout(r, 60000))\n')
const fixture = inProcessRoom({ workers: 1, robotsDir, stepTimeoutSeconds: 1 })
afterAll(() => rm(robotsDir, { recursive: true, force: true }))

describe('stepTimeoutSeconds', () => {
  it('stops a step of a process without a timeout: run unresolved, step error timeout', async () => {
    const { room, dir } = fixture
    const processId = randomUUID()
    const db = new DatabaseSync(join(dir, DB_FILE), { timeout: 5000 })
    try {
      // timeout_seconds NULL: only the room's step timeout can stop this robot.
      db.prepare(
        'INSERT INTO processes (id, workspace_id, name, default_payload, timeout_seconds, created_at) VALUES (?, ?, ?, NULL, NULL, ?)',
      ).run(processId, room.workspaceId, 'Sleeper', new Date().toISOString())
      db.prepare(
        `INSERT INTO steps (id, process_id, position, name, robot, task) VALUES (?, ?, 0, 'Only', 'sleeper', 'Run')`,
      ).run(randomUUID(), processId)
    } finally {
      db.close()
    }
    const api = (method: string, path: string, body?: unknown) =>
      callApi(room.url, method, `/workspaces/${room.workspaceId}${path}`, {
        key: room.bootstrap?.api_key,
        body,
      })
    const started = await api('POST', `/processes/${processId}/process-runs`, {
      type: 'with_payloads',
      payloads: [{}],
    })
    expect(started.status).toBe(200)
    const id = started.body.id
    await waitFor(async () => (await api('GET', `/process-runs/${id}`)).body.state === 'unresolved', {
      timeoutMs: 15000,
    })
    const step = (await api('GET', `/step-runs?process_run_id=${id}`)).body.data[0]
    expect(step.error).toEqual({ code: 'timeout' })
  })
})
