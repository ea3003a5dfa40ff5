/** First-start seeding: the four sample processes, once each, also into a data dir from an older build. */
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { MIGRATIONS, migrate } from '../../../../src/localroom/db/migrations'
import { SAMPLE_PROCESSES } from '../../../../src/localroom/db/seed'
import { type LocalRoom, startLocalRoom } from '../../../../src/localroom/server'
import { roomClients } from '../../../support/localroom-packages'

let dir: string
const state = {} as { room: LocalRoom }
const { ws, api, manage, waitForEnd } = roomClients(state)

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-seed-'))
})
afterEach(async () => {
  await state.room?.close()
  await rm(dir, { recursive: true, force: true })
})

const start = async () => {
  state.room = await startLocalRoom({ dataDir: dir, issueBootstrapKey: true })
  return state.room
}
const restart = async () => {
  await state.room.close()
  return start()
}
const processes = async () => {
  const list = await api('GET', `/workspaces/${ws()}/processes`)
  expect(list.status).toBe(200)
  return list.body.data as { id: string; name: string }[]
}

/** A data dir as the build before robots wrote it: schema 5, one workspace, "Echo payload" on a folder name. */
async function writeOldDataDir(): Promise<void> {
  await mkdir(dir, { recursive: true })
  const db = new DatabaseSync(join(dir, DB_FILE))
  try {
    migrate(db, MIGRATIONS.slice(0, 5))
    const now = new Date().toISOString()
    const workspaceId = randomUUID()
    const processId = randomUUID()
    db.prepare(
      `INSERT INTO workspaces (id, name, organization_id, organization_name, created_at) VALUES (?, 'Local workspace', ?, 'Local', ?)`,
    ).run(workspaceId, randomUUID(), now)
    db.prepare(
      `INSERT INTO processes (id, workspace_id, name, default_payload, created_at) VALUES (?, ?, 'Echo payload', NULL, ?)`,
    ).run(processId, workspaceId, now)
    db.prepare(
      `INSERT INTO steps (id, process_id, position, name, robot, task) VALUES (?, ?, 0, 'Echo payload', 'echo-payload', 'Echo payload')`,
    ).run(randomUUID(), processId)
  } finally {
    db.close()
  }
}

describe('seeding the sample processes', () => {
  it('gives a fresh data dir the four samples in a stable order, each one step on its bundled robot', async () => {
    await start()
    const first = await processes()
    expect(first.map((p) => p.name)).toEqual(['Echo payload', 'Sales report', 'Flaky items', 'Long job'])
    for (const [index, sample] of SAMPLE_PROCESSES.entries()) {
      const process = await manage('GET', `/workspaces/${ws()}/processes/${first[index]?.id}`)
      expect(process.body.steps).toEqual([
        {
          id: expect.any(String),
          name: sample.task,
          robot_id: expect.any(String),
          robot_name: sample.folder,
          task: sample.task,
          // The samples are file-contract robots (docs/localroom.md, "Sample robots").
          wait_for_previous: true,
          parallel_executions: 1,
          env: {},
          work_item_adapter: 'file',
        },
      ])
      const robot = await manage('GET', `/workspaces/${ws()}/robots/${process.body.steps[0].robot_id}`)
      expect(robot.body).toMatchObject({ source: 'bundled', folder: sample.folder })
    }
    await restart()
    expect(await processes()).toEqual(first)
  })

  it('brings an old data dir forward: its steps keep working and it gains the missing samples once, in the same order', async () => {
    await writeOldDataDir()
    await start()
    const list = await processes()
    expect(list.map((p) => p.name)).toEqual(['Echo payload', 'Sales report', 'Flaky items', 'Long job'])
    const echo = await manage('GET', `/workspaces/${ws()}/processes/${list[0]?.id}`)
    expect(echo.body.steps[0]).toMatchObject({ robot_name: 'echo-payload', task: 'Echo payload' })
    const run = await api('POST', `/workspaces/${ws()}/processes/${list[0]?.id}/process-runs`, {
      body: { type: 'with_payloads', payloads: [{ old: true }] },
    })
    expect((await waitForEnd(run.body.id)).state).toBe('completed')

    await restart()
    expect(await processes()).toEqual(list)
  })

  it('does not bring back a sample the user deleted', async () => {
    await start()
    const flaky = (await processes()).find((p) => p.name === 'Flaky items')
    expect((await manage('DELETE', `/workspaces/${ws()}/processes/${flaky?.id}`)).status).toBe(200)
    await restart()
    expect((await processes()).map((p) => p.name)).toEqual(['Echo payload', 'Sales report', 'Long job'])
  })
})
