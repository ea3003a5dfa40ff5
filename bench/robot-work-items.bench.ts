/**
 * The robot-side work item API: a robot reserves and releases 1,000 items through HTTP
 * (reserve-next-work-item + release-work-item per item, as robocorp-workitems' RobocorpAdapter
 * does), beside the file contract in the same run (every item handed over in one JSON file and
 * released in one file the robot writes). Both are timed from the run's start to its end, robot
 * start-up included, in items per second. Target: the API path at least 50 items/s, i.e. at most
 * 20 ms of the room's time per item (two requests), small beside what a robot spends on an item
 * (a browser or UI step takes 100 ms and more). The file contract hands everything over in one go,
 * so it is the baseline for the cost of the per-item round trips, not a target to reach.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type LocalRoom, startLocalRoom } from '../src/localroom/server'
import { callApi, waitFor } from '../test/support/localroom'
import { insertTestProcess } from '../test/support/localroom-test-robot'

const ITEMS = 1000
const TARGET_ITEMS_PER_SECOND = 50

const API_ROBOT = `
const env = process.env
const base = env.RC_API_PROCESS_HOST + '/process-v1/workspaces/' + env.RC_WORKSPACE_ID + '/processes/' + env.RC_PROCESS_ID +
  '/runs/' + env.RC_PROCESS_RUN_ID + '/robotRuns/' + env.RC_ACTIVITY_RUN_ID + '/'
const headers = { Authorization: 'Bearer ' + env.RC_API_PROCESS_TOKEN, 'Content-Type': 'application/json' }
const started = performance.now()
let id = env.RC_WORKITEM_ID
let releaseMs = 0
while (id) {
  const t0 = performance.now()
  const released = await fetch(base + 'release-work-item', { method: 'POST', headers, body: JSON.stringify({ workItemId: id, state: 'COMPLETED' }) })
  if (!released.ok) throw new Error('release ' + released.status)
  await released.arrayBuffer()
  releaseMs += performance.now() - t0
  id = (await (await fetch(base + 'reserve-next-work-item', { method: 'POST', headers })).json()).workItemId
}
console.log('robot loop ' + Math.round(performance.now() - started) + ' ms, releases ' + Math.round(releaseMs) + ' ms')
`
const FILE_ROBOT = `
import { readFileSync, writeFileSync } from 'node:fs'
const items = JSON.parse(readFileSync(process.env.RC_WORKITEM_INPUT_PATH, 'utf8'))
writeFileSync(process.env.RC_WORKITEM_RELEASE_PATH, JSON.stringify(items.map((_, index) => ({ index, state: 'DONE' }))))
`

let dir: string
let room: LocalRoom
let apiProcess: string
let fileProcess: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-bench-items-'))
  const robotsDir = join(dir, 'robots')
  for (const [name, script] of [
    ['api-bench', API_ROBOT],
    ['file-bench', FILE_ROBOT],
  ] as const) {
    await mkdir(join(robotsDir, name), { recursive: true })
    await writeFile(join(robotsDir, name, 'robot.yaml'), 'tasks:\n  Run:\n    shell: node robot.mjs\n')
    await writeFile(join(robotsDir, name, 'robot.mjs'), script)
  }
  room = await startLocalRoom({ dataDir: join(dir, 'data'), robotsDir, issueBootstrapKey: true })
  apiProcess = insertTestProcess(join(dir, 'data'), room.workspaceId, 'API', 1, {
    robot: 'api-bench',
    adapter: 'api',
  })
  fileProcess = insertTestProcess(join(dir, 'data'), room.workspaceId, 'File', 1, {
    robot: 'file-bench',
    adapter: 'file',
  })
}, 60_000)

afterAll(async () => {
  await room?.close()
  await rm(dir, { recursive: true, force: true })
})

/** Runs 1,000 items through a process; items per second from the run's start to its end. */
async function itemsPerSecond(processId: string): Promise<number> {
  const api = (method: string, path: string, body?: unknown) =>
    callApi(room.url, method, `/workspaces/${room.workspaceId}${path}`, {
      key: room.bootstrap?.api_key,
      body,
    })
  const payloads = Array.from({ length: ITEMS }, (_, order) => ({ order }))
  const started = await api('POST', `/processes/${processId}/process-runs`, {
    type: 'with_payloads',
    payloads,
  })
  expect(started.status, JSON.stringify(started.body)).toBe(200)
  const run = await waitFor(
    async () => {
      const body = (await api('GET', `/process-runs/${started.body.id}`)).body
      return ['completed', 'unresolved'].includes(body.state) ? body : null
    },
    { timeoutMs: 120_000, intervalMs: 20 },
  )
  expect(run.state).toBe('completed')
  const done = (await api('GET', `/work-items?process_run_id=${started.body.id}&state=done&limit=1`)).body
  expect(done.data).toHaveLength(1)
  const [stepRun] = (await api('GET', `/step-runs?process_run_id=${started.body.id}`)).body.data
  const lines = (await api('GET', `/step-runs/${stepRun.id}/console-messages?limit=20`)).body.data
  for (const line of lines) if (/^robot loop/.test(line.message)) console.log(`  robot: ${line.message}`)
  return ITEMS / ((Date.parse(run.ended_at) - Date.parse(run.started_at)) / 1000)
}

it(`reserves and releases ${ITEMS} items through the robot-side API vs the file contract`, async () => {
  await itemsPerSecond(fileProcess) // warm-up: the first robot start pays for cold caches
  const file = await itemsPerSecond(fileProcess)
  const viaApi = await itemsPerSecond(apiProcess)
  console.log(`file contract (baseline): ${file.toFixed(0)} items/s`)
  console.log(
    `robot-side API: ${viaApi.toFixed(0)} items/s (${((viaApi / file) * 100).toFixed(0)}% of the file contract)`,
  )
  console.log(
    `target: >= ${TARGET_ITEMS_PER_SECOND} items/s through the API: ${viaApi >= TARGET_ITEMS_PER_SECOND ? 'met' : 'NOT met'}`,
  )
  expect(viaApi).toBeGreaterThanOrEqual(TARGET_ITEMS_PER_SECOND)
}, 180_000)
