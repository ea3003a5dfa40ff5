/**
 * Execution semantics with real robots: workers and awaiting_worker, GET /workers, the robot's
 * environment (RC_*, robot.yaml env/PATH/PYTHONPATH), ignoreFiles, item releases, timeout, and a
 * bounded console.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { specExists, specResponseSchema, validateAgainstSpec, waitFor } from '../../../support/localroom'
import { roomFixture } from '../../../support/room-fixture'

const ROBOT = `
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
const items = JSON.parse(readFileSync(process.env.RC_WORKITEM_INPUT_PATH, 'utf8'))
const p = items[0].payload ?? {}
if (p.mode === 'env') console.log('ENV ' + JSON.stringify({ ...process.env, ignoredExists: existsSync('secret.log'), keptExists: existsSync('keep.txt') }))
if (p.mode === 'sleep') await new Promise((r) => setTimeout(r, p.ms))
if (p.mode === 'flood') { const line = 'x'.repeat(100); for (let i = 0; i < p.lines; i++) console.log(i + ' ' + line); console.log('y'.repeat(20000)) }
if (p.mode === 'release') writeFileSync(process.env.RC_WORKITEM_RELEASE_PATH, JSON.stringify([{ index: 0, state: 'FAILED', exception: { type: 'BUSINESS', code: 'bad_input', message: 'no' } }]))
writeFileSync(process.env.RC_WORKITEM_OUTPUT_PATH, JSON.stringify(items.map((i) => ({ payload: i.payload, files: {} }))))
`

const fixture = roomFixture({
  mode: 'in-process',
  workers: 1,
  prepare: async (dir) => {
    await mkdir(join(dir, 'robots'))
    return { robotsDir: join(dir, 'robots') }
  },
})
const { wsApi } = fixture

/** A process over the test robot; `timeoutSeconds` is the process's own timeout (none by default). */
async function setup(timeoutSeconds: number | null = null): Promise<string> {
  const robotDir = join(fixture.dir, 'robots', 'exec-robot')
  await mkdir(join(robotDir, 'bin'), { recursive: true })
  await writeFile(
    join(robotDir, 'robot.yaml'),
    'tasks:\n  Run:\n    shell: node robot.mjs\nartifactsDir: output\nPATH: [bin]\nPYTHONPATH: [lib, .]\nenv:\n  MY_SETTING: hello\n  COUNT: 3\nignoreFiles: [.gitignore]\n',
  )
  await writeFile(join(robotDir, '.gitignore'), '# logs\n*.log\n')
  await writeFile(join(robotDir, 'secret.log'), 'x')
  await writeFile(join(robotDir, 'keep.txt'), 'x')
  await writeFile(join(robotDir, 'robot.mjs'), ROBOT)
  const db = new DatabaseSync(join(fixture.dataDir, DB_FILE), { timeout: 5000 })
  const processId = randomUUID()
  try {
    db.prepare(
      'INSERT INTO processes (id, workspace_id, name, default_payload, timeout_seconds, created_at) VALUES (?, ?, ?, NULL, ?, ?)',
    ).run(processId, fixture.ws(), `Exec ${processId}`, timeoutSeconds, new Date().toISOString())
    db.prepare(
      `INSERT INTO steps (id, process_id, position, name, robot, task, work_item_adapter)
       VALUES (?, ?, 0, 'Only', ?, 'Run', 'file')`,
    ).run(randomUUID(), processId, 'exec-robot')
  } finally {
    db.close()
  }
  return processId
}

describe('runner execution', () => {
  it('queues step runs beyond the workers in awaiting_worker and reports workers', async () => {
    const processId = await setup()
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const started = await wsApi('POST', `/processes/${processId}/process-runs`, {
        body: {
          type: 'with_payloads',
          payloads: [{ mode: 'sleep', ms: 400 }],
        },
      })
      ids.push(started.body.id)
    }
    const seen = new Set<string>()
    const busy = await waitFor(async () => {
      for (const id of ids) {
        const steps = await wsApi('GET', `/step-runs?process_run_id=${id}`)
        for (const s of steps.body.data ?? []) seen.add(s.state)
      }
      const workers = await wsApi('GET', '/workers')
      return workers.body.data?.[0]?.state === 'busy' && seen.has('awaiting_worker') ? workers : null
    })
    expect(busy.body.data).toEqual([{ id: 'local-worker-1', name: 'Local worker 1', state: 'busy' }])
    if (specExists)
      expect(
        validateAgainstSpec(specResponseSchema('get', '/workspaces/{workspace_id}/workers', 200), busy.body),
      ).toEqual([])
    expect((await wsApi('GET', '/workers/local-worker-1')).status).toBe(200)
    expect((await wsApi('GET', '/workers/nope')).status).toBe(404)
    for (const id of ids) {
      const run = await waitFor(async () => {
        const r = (await wsApi('GET', `/process-runs/${id}`)).body
        return r.state === 'completed' ? r : null
      })
      expect(run.duration).toBeGreaterThanOrEqual(0)
    }
    // FIFO: the runs started in order.
    const starts = await Promise.all(
      ids.map(async (id) => (await wsApi('GET', `/process-runs/${id}`)).body.started_at),
    )
    expect([...starts].sort()).toEqual(starts)
  })

  it('gives the robot RC_* variables, robot.yaml env, PATH, PYTHONPATH, and leaves ignored files out', async () => {
    const processId = await setup()
    const started = await wsApi('POST', `/processes/${processId}/process-runs`, {
      body: {
        type: 'with_payloads',
        payloads: [{ mode: 'env' }],
      },
    })
    const id = started.body.id
    await waitFor(async () => (await wsApi('GET', `/process-runs/${id}`)).body.state === 'completed')
    const step = (await wsApi('GET', `/step-runs?process_run_id=${id}`)).body.data[0]
    const lines = (await wsApi('GET', `/step-runs/${step.id}/console-messages?limit=100`)).body.data
    const envLine = lines.find((l: { message: string }) => l.message.startsWith('ENV '))
    const env = JSON.parse(envLine.message.slice(4))
    expect(env).toMatchObject({
      RC_PROCESS_ID: processId,
      RC_PROCESS_RUN_ID: id,
      RC_ACTIVITY_RUN_ID: step.id,
      RC_WORKITEM_ADAPTER: 'FileAdapter',
      MY_SETTING: 'hello',
      COUNT: '3',
      ignoredExists: false,
      keptExists: true,
    })
    const items = (await wsApi('GET', `/work-items?process_run_id=${id}`)).body.data
    expect(env.RC_WORKITEM_ID).toBe(items[items.length - 1].id)
    expect(env.PATH.split(':')[0]).toBe(join(env.ROBOT_ROOT, 'bin'))
    expect(env.PYTHONPATH).toBe([join(env.ROBOT_ROOT, 'lib'), env.ROBOT_ROOT].join(':'))
  })

  it('fails an item the robot released as failed and ends the run unresolved', async () => {
    const processId = await setup()
    const started = await wsApi('POST', `/processes/${processId}/process-runs`, {
      body: {
        type: 'with_payloads',
        payloads: [{ mode: 'release' }],
      },
    })
    const id = started.body.id
    await waitFor(async () => (await wsApi('GET', `/process-runs/${id}`)).body.state === 'unresolved')
    const step = (await wsApi('GET', `/step-runs?process_run_id=${id}`)).body.data[0]
    expect(step.error).toEqual({ code: 'work_item_failed' })
    const itemId = (await wsApi('GET', `/work-items?process_run_id=${id}`)).body.data[0].id
    const item = (await wsApi('GET', `/work-items/${itemId}`)).body
    expect(item.state).toBe('failed')
    expect(item.exception).toEqual({ type: 'business', code: 'bad_input', message: 'no' })
  })

  it('stops a step past its timeout: run unresolved with error timeout', async () => {
    // The process's own timeout, so the other tests (a 60,000-line flood on a loaded machine) have none.
    const processId = await setup(3)
    const started = await wsApi('POST', `/processes/${processId}/process-runs`, {
      body: {
        type: 'with_payloads',
        payloads: [{ mode: 'sleep', ms: 60000 }],
      },
    })
    const id = started.body.id
    await waitFor(async () => (await wsApi('GET', `/process-runs/${id}`)).body.state === 'unresolved', {
      timeoutMs: 15000,
    })
    const step = (await wsApi('GET', `/step-runs?process_run_id=${id}`)).body.data[0]
    expect(step.error).toEqual({ code: 'timeout' })
  })

  it('keeps a bounded console and says how many lines it dropped', async () => {
    const processId = await setup()
    const started = await wsApi('POST', `/processes/${processId}/process-runs`, {
      body: {
        type: 'with_payloads',
        payloads: [{ mode: 'flood', lines: 60000 }],
      },
    })
    const id = started.body.id
    await waitFor(async () => (await wsApi('GET', `/process-runs/${id}`)).body.state === 'completed', {
      timeoutMs: 30000,
    })
    const step = (await wsApi('GET', `/step-runs?process_run_id=${id}`)).body.data[0]
    const db = new DatabaseSync(join(fixture.dataDir, DB_FILE), { readOnly: true })
    try {
      const rows = db
        .prepare('SELECT stream, message FROM console_messages WHERE step_run_id = ? ORDER BY seq')
        .all(step.id) as { stream: string; message: string }[]
      expect(rows.length).toBeLessThanOrEqual(10_001 + 5)
      const marker = rows.find((r) => /console lines? dropped here/.test(r.message))
      expect(marker?.message).toMatch(/^\[Robodeck\] \d+ console lines dropped/)
      const dropped = Number(/\] (\d+)/.exec(marker?.message ?? '')?.[1])
      expect(dropped + rows.length).toBeGreaterThanOrEqual(60000)
      expect(rows.some((r) => r.message.startsWith('59999 '))).toBe(true)
      expect(rows.some((r) => /line cut: 11808 more characters/.test(r.message))).toBe(true)
    } finally {
      db.close()
    }
  })
})
