/** First-start seeding: the four sample processes, once each, also into a data dir from an older build. */
import { randomUUID } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { MIGRATIONS, migrate } from '../../../../src/localroom/db/migrations'
import { SAMPLE_PROCESSES } from '../../../../src/localroom/db/seed'
import { type RoomFixture, roomFixture } from '../../../support/room-fixture'

const processes = async (fixture: RoomFixture) => {
  const list = await fixture.wsApi('GET', '/processes')
  expect(list.status).toBe(200)
  return list.body.data as { id: string; name: string }[]
}

/** A data dir as the build before robots wrote it: schema 5, one workspace, "Echo payload" on a folder name. */
async function writeOldDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true })
  const db = new DatabaseSync(join(dataDir, DB_FILE))
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
  describe('a fresh data dir', () => {
    const fixture = roomFixture({ mode: 'in-process' })
    it('gets the four samples in a stable order, each one step on its bundled robot', async () => {
      const { ws, manage } = fixture
      const first = await processes(fixture)
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
      await fixture.restart()
      expect(await processes(fixture)).toEqual(first)
    })
  })

  describe('an old data dir', () => {
    const fixture = roomFixture({
      mode: 'in-process',
      prepare: async (dir) => {
        await writeOldDataDir(join(dir, 'data'))
        return undefined
      },
    })
    it('is brought forward: its steps keep working and it gains the missing samples once, in the same order', async () => {
      const { ws, manage } = fixture
      const list = await processes(fixture)
      expect(list.map((p) => p.name)).toEqual(['Echo payload', 'Sales report', 'Flaky items', 'Long job'])
      const echo = await manage('GET', `/workspaces/${ws()}/processes/${list[0]?.id}`)
      expect(echo.body.steps[0]).toMatchObject({ robot_name: 'echo-payload', task: 'Echo payload' })
      const run = await fixture.wsApi('POST', `/processes/${list[0]?.id}/process-runs`, {
        body: { type: 'with_payloads', payloads: [{ old: true }] },
      })
      expect((await fixture.waitForRunEnd(run.body.id)).state).toBe('completed')

      await fixture.restart()
      expect(await processes(fixture)).toEqual(list)
    })
  })

  describe('a sample the user deleted', () => {
    const fixture = roomFixture({ mode: 'in-process' })
    it('does not come back', async () => {
      const flaky = (await processes(fixture)).find((p) => p.name === 'Flaky items')
      expect(
        (await fixture.manage('DELETE', `/workspaces/${fixture.ws()}/processes/${flaky?.id}`)).status,
      ).toBe(200)
      await fixture.restart()
      expect((await processes(fixture)).map((p) => p.name)).toEqual([
        'Echo payload',
        'Sales report',
        'Long job',
      ])
    })
  })
})
