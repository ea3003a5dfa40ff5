/**
 * Launching robots in the local Control Room (its own process, like the app's) beside spawning the
 * same robot directly with child_process in the same run:
 * - launch latency: 30 sequential runs of the "Echo payload" sample; time from the POST to the run's
 *   started_at (in_progress) and to its ended_at, against `node echo.mjs` spawned directly (time to
 *   the 'spawn' event, and to exit) with the same kind of input file.
 * - 50 concurrent launches of the echo robot: all must complete, each output matching its payload;
 *   wall time against 50 concurrent direct spawns.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { callApi, type SpawnedLocalRoom, spawnLocalRoom, waitFor } from '../test/support/localroom'

const SEQUENTIAL = 30
const CONCURRENT = 50
const ROBOTS = resolve(__dirname, '../resources/robots')
const ECHO = join(ROBOTS, 'echo-payload', 'echo.mjs')

let room: SpawnedLocalRoom
let scratch: string
let echoProcessId: string

const api = (method: string, path: string, body?: unknown) =>
  callApi(room.bootstrap.url, method, `/workspaces/${room.bootstrap.workspace_id}${path}`, {
    key: room.bootstrap.api_key,
    body,
  })

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}
const figures = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms`
const ratio = (room: number[], direct: number[]) =>
  `${(percentile(room, 50) / percentile(direct, 50)).toFixed(1)}x at p50, ${(percentile(room, 95) / percentile(direct, 95)).toFixed(1)}x at p95`

interface Run {
  id: string
  state: string
  created_at: string
  started_at: string | null
  ended_at: string | null
}

const finished = (id: string, timeoutMs = 30_000) =>
  waitFor(
    async () => {
      const run = (await api('GET', `/process-runs/${id}`)).body as Run
      return run.state === 'completed' || run.state === 'unresolved' ? run : null
    },
    { timeoutMs },
  )

/** Spawns `node echo.mjs` on an input file; ms to the 'spawn' event, to its first output, to exit. */
async function spawnDirect(n: number): Promise<{ spawnMs: number; firstLineMs: number; exitMs: number }> {
  const dir = await mkdtemp(join(scratch, 'direct-'))
  const input = join(dir, 'in.json')
  await writeFile(input, JSON.stringify([{ payload: { n }, files: {} }]))
  const env = {
    PATH: process.env.PATH ?? '',
    RC_WORKITEM_INPUT_PATH: input,
    RC_WORKITEM_OUTPUT_PATH: join(dir, 'out.json'),
    ROBOT_ARTIFACTS: join(dir, 'output'),
  }
  const t0 = performance.now()
  const child = spawn(process.execPath, [ECHO], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let firstLineMs = 0
  child.stdout.once('data', () => {
    firstLineMs = performance.now() - t0
  })
  child.stdout.resume()
  child.stderr.resume()
  let spawnMs = 0
  child.once('spawn', () => {
    spawnMs = performance.now() - t0
  })
  const code = await new Promise<number | null>((done) => child.once('close', done))
  expect(code).toBe(0)
  return { spawnMs, firstLineMs, exitMs: performance.now() - t0 }
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'robodeck-bench-launch-'))
  room = await spawnLocalRoom({ dataDir: join(scratch, 'room'), robotsDir: ROBOTS })
  const list = await api('GET', '/processes?limit=100')
  echoProcessId = (list.body.data as { id: string; name: string }[]).find((p) => p.name === 'Echo payload')
    ?.id as string
  expect(echoProcessId).toBeDefined()
}, 60_000)

afterAll(async () => {
  await room?.stop()
  await rm(scratch, { recursive: true, force: true })
})

it(`launch to in_progress, ${SEQUENTIAL} sequential Echo payload runs vs spawning node echo.mjs`, async () => {
  // Warm-up: the first run pays for module loading and the first working copy.
  await finished((await api('POST', `/processes/${echoProcessId}/process-runs`, {})).body.id)
  await spawnDirect(-1)

  const toInProgress: number[] = []
  const toEnded: number[] = []
  const toFirstLine: number[] = []
  for (let n = 0; n < SEQUENTIAL; n++) {
    const requestedAt = Date.now()
    const started = await api('POST', `/processes/${echoProcessId}/process-runs`, {
      type: 'with_payloads',
      payloads: [{ n }],
    })
    expect(started.status).toBe(200)
    const run = await finished(started.body.id)
    expect(run.state).toBe('completed')
    // The room's own timestamps (ms precision, same clock): no polling interval in the figures.
    toInProgress.push(Date.parse(run.started_at as string) - requestedAt)
    toEnded.push(Date.parse(run.ended_at as string) - requestedAt)
    // When the robot's first line reached the room: the launch as the robot sees it.
    const step = (await api('GET', `/process-runs/${run.id}/step-runs`)).body.data[0]
    const lines = (await api('GET', `/step-runs/${step.id}/console-messages`)).body.data
    const first = (lines as { timestamp: string; message: string }[]).find((l) =>
      l.message.startsWith('Echo payload:'),
    )
    toFirstLine.push(Date.parse(first?.timestamp as string) - requestedAt)
  }
  const direct: Awaited<ReturnType<typeof spawnDirect>>[] = []
  for (let n = 0; n < SEQUENTIAL; n++) direct.push(await spawnDirect(n))
  const spawned = direct.map((d) => d.spawnMs)
  const exited = direct.map((d) => d.exitMs)
  const firstLines = direct.map((d) => d.firstLineMs)

  console.log(
    `direct child_process: spawn event ${figures(spawned)}; first output ${figures(firstLines)}; exit ${figures(exited)}`,
  )
  console.log(
    `local room: POST -> in_progress ${figures(toInProgress)} (${ratio(toInProgress, spawned)} the direct spawn)`,
  )
  console.log(
    `local room: POST -> robot's first console line ${figures(toFirstLine)} (${ratio(toFirstLine, firstLines)} the direct first output)`,
  )
  console.log(
    `local room: POST -> completed ${figures(toEnded)} (${ratio(toEnded, exited)} the direct run to exit)`,
  )
  expect(toFirstLine.every(Number.isFinite)).toBe(true)
})

it(`${CONCURRENT} concurrent launches of the echo robot, none lost, vs ${CONCURRENT} direct spawns`, async () => {
  const t0 = performance.now()
  const ids = await Promise.all(
    Array.from({ length: CONCURRENT }, async (_, n) => {
      const started = await api('POST', `/processes/${echoProcessId}/process-runs`, {
        type: 'with_payloads',
        payloads: [{ concurrent: n }],
      })
      expect(started.status).toBe(200)
      return { id: started.body.id as string, n }
    }),
  )
  const runs = await Promise.all(ids.map(({ id }) => finished(id, 240_000)))
  const roomMs = performance.now() - t0
  expect(runs.map((run) => run.state)).toEqual(Array(CONCURRENT).fill('completed'))
  for (const { id, n } of ids) {
    const outputs = await api('GET', `/process-runs/${id}/outputs`)
    expect(outputs.body.data.map((output: { payload: unknown }) => output.payload)).toEqual([
      { concurrent: n },
    ])
  }

  const d0 = performance.now()
  await Promise.all(Array.from({ length: CONCURRENT }, (_, n) => spawnDirect(n)))
  const directMs = performance.now() - d0
  const workers = (await api('GET', '/workers')).body
  console.log(
    `${CONCURRENT} concurrent: local room ${roomMs.toFixed(0)} ms until all completed (runs queue for the room's ` +
      `${workers?.data?.length ?? '?'} workers), all outputs match their payloads; ` +
      `${CONCURRENT} direct spawns ${directMs.toFixed(0)} ms; ratio ${(roomMs / directMs).toFixed(1)}x`,
  )
})
