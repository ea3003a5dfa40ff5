/**
 * The local Control Room's API under load, each beside a bare node:http server (its own process,
 * like the room) answering the same bytes in the same run:
 * - GET /process-runs?limit=50 over 100,000 runs. Target: at least 40% of the bare server's req/s,
 *   p99 under 20 ms.
 * - POST /processes/{id}/process-runs (store the run and its input work item). The process's robot
 *   folder does not exist, so no child process is spawned: this measures the API and the store,
 *   not robots (launch latency has its own benchmark).
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DB_FILE } from '../src/localroom/db/db'
import { encodeCursor } from '../src/localroom/http/pagination'
import { readFirstLine } from '../src/main/core/first-line'
import { callApi, type SpawnedLocalRoom, spawnLocalRoom } from '../test/support/localroom'
import { load, report } from './support/load'

const RUNS = 100_000
const LOAD = { connections: 8, durationMs: 3000 }
let dataDir: string
let room: SpawnedLocalRoom
const children: Array<{ kill(): void }> = []

/** Fills the room's database with `count` finished runs of its sample process, in one transaction. */
function seedRuns(dir: string, count: number): { workspaceId: string; benchProcessId: string } {
  const db = new DatabaseSync(join(dir, DB_FILE))
  try {
    const process = db.prepare('SELECT id, workspace_id FROM processes LIMIT 1').get() as {
      id: string
      workspace_id: string
    }
    const insert = db.prepare(
      `INSERT INTO process_runs (id, workspace_id, process_id, state, created_at, started_at, ended_at, duration, started_by_type)
       VALUES (?, ?, ?, 'completed', ?, ?, ?, 1.5, 'api')`,
    )
    const start = Date.parse('2026-01-01T00:00:00Z')
    db.exec('BEGIN')
    for (let i = 0; i < count; i++) {
      const at = new Date(start + i * 1000).toISOString()
      insert.run(randomUUID(), process.workspace_id, process.id, at, at, at)
    }
    // A process whose robot is missing: starting it stores everything and ends without a child.
    const benchProcessId = randomUUID()
    db.prepare(
      `INSERT INTO processes (id, workspace_id, name, created_at) VALUES (?, ?, 'Bench (no robot)', ?)`,
    ).run(benchProcessId, process.workspace_id, new Date().toISOString())
    db.prepare(
      `INSERT INTO steps (id, process_id, position, name, robot, task) VALUES (?, ?, 0, 'none', 'no-such-robot', NULL)`,
    ).run(randomUUID(), benchProcessId)
    db.exec('COMMIT')
    return { workspaceId: process.workspace_id, benchProcessId }
  } finally {
    db.close()
  }
}

async function startBare(body: string): Promise<string> {
  const file = join(dataDir, `bare-${randomUUID()}.json`)
  await writeFile(file, body)
  const child = spawn(process.execPath, [resolve(__dirname, 'support/bare-server-child.mjs'), file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  const port = await readFirstLine(child.stdout, 10_000)
  return `http://127.0.0.1:${port}`
}

let ids: { workspaceId: string; benchProcessId: string }

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'robodeck-bench-'))
  const first = await spawnLocalRoom({ dataDir })
  await first.stop()
  ids = seedRuns(dataDir, RUNS)
  room = await spawnLocalRoom({ dataDir })
}, 120_000)

afterAll(async () => {
  for (const child of children) child.kill()
  await room?.stop()
  await rm(dataDir, { recursive: true, force: true })
})

it(`GET /process-runs?limit=50 over ${RUNS.toLocaleString('en')} runs vs bare node:http`, async () => {
  const origin = new URL(room.bootstrap.url).origin
  const path = `/api/v1/workspaces/${ids.workspaceId}/process-runs?limit=50`
  const headers = { authorization: `RC-WSKEY ${room.bootstrap.api_key}` }
  const sample = await callApi(room.bootstrap.url, 'GET', path.replace('/api/v1', ''), {
    key: room.bootstrap.api_key,
  })
  expect(sample.status).toBe(200)
  expect(sample.body.data).toHaveLength(50)
  const bare = await startBare(JSON.stringify(sample.body))

  await load(bare, { path, headers, connections: LOAD.connections, durationMs: 500 }) // warm-up both
  await load(origin, { path, headers, connections: LOAD.connections, durationMs: 500 })
  const baseline = await load(bare, { path, headers, ...LOAD })
  const list = await load(origin, { path, headers, ...LOAD })
  console.log(report('bare node:http, same bytes (baseline)', baseline))
  console.log(report('local room GET /process-runs?limit=50', list, baseline))
  // The same list with the answer cache defeated (a different page each time), for the record.
  const uncached = await load(origin, {
    pathFor: (n) => `${path}&cursor=${encodeCursor(RUNS - (n % 5000))}`,
    path,
    headers,
    ...LOAD,
  })
  console.log(report('local room, every request a different page (no cache)', uncached, baseline))
  const share = list.rps / baseline.rps
  console.log(
    `target: >= 40% of baseline req/s and p99 < 20 ms: ${share >= 0.4 && list.p99Ms < 20 ? 'met' : 'NOT met'}`,
  )
  expect(list.errors).toBe(0)
  expect(share).toBeGreaterThanOrEqual(0.4)
  expect(list.p99Ms).toBeLessThan(20)
})

it('POST /processes/{id}/process-runs vs bare node:http', async () => {
  const origin = new URL(room.bootstrap.url).origin
  const path = `/api/v1/workspaces/${ids.workspaceId}/processes/${ids.benchProcessId}/process-runs`
  const request = {
    method: 'POST' as const,
    path,
    headers: { authorization: `RC-WSKEY ${room.bootstrap.api_key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'with_payloads', payloads: [{ order: 1, items: ['a', 'b'] }] }),
    connections: 4,
    durationMs: 2000,
  }
  const bare = await startBare(JSON.stringify({ started: true, id: randomUUID() }))
  const baseline = await load(bare, request)
  const start = await load(origin, request)
  console.log(report('bare node:http, same bytes (baseline)', baseline))
  console.log(report('local room POST process-runs', start, baseline))
  expect(start.errors).toBe(0)
  expect(start.requests).toBeGreaterThan(0)
})
