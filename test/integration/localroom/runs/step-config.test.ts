/**
 * Step settings as Control Room's process editor has them, set through the management API and
 * honoured by the runner with real robot processes (test/support/api-test-robot.ts): wait for the
 * previous step or not, parallel executions, per-step environment variables; and their validation.
 */
import { mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeApiRobot } from '../../../support/api-test-robot'
import { waitFor } from '../../../support/localroom'
import { roomFixture } from '../../../support/room-fixture'

const base = mkdtempSync(join(tmpdir(), 'robodeck-step-config-'))
const robotsDir = join(base, 'robots')
const fixture = roomFixture({ mode: 'in-process', robotsDir, workers: 4 })
let robotId: string

const api = (method: string, path: string, body?: unknown) => fixture.wsApi(method, path, { body })
const manage = (method: string, path: string, body?: unknown) =>
  fixture.manage(method, `/workspaces/${fixture.ws()}${path}`, body)

beforeAll(async () => {
  await writeApiRobot(robotsDir)
  const robot = await manage('POST', '/robots', { path: join(robotsDir, 'api-robot'), name: 'API robot' })
  expect(robot.status, robot.text).toBe(200)
  robotId = robot.body.id
})
afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

async function createProcess(steps: Record<string, unknown>[]): Promise<string> {
  const created = await manage('POST', '/processes', {
    name: `Settings ${Math.random()}`,
    steps: steps.map((step) => ({ robot_id: robotId, ...step })),
  })
  expect(created.status, created.text).toBe(200)
  return created.body.id
}

interface StepRun {
  id: string
  state: string
  started_at: string
  ended_at: string
  step: { id: string }
}

async function runToEnd(processId: string, payloads: unknown[]) {
  const started = await api('POST', `/processes/${processId}/process-runs`, {
    type: 'with_payloads',
    payloads,
  })
  expect(started.status, JSON.stringify(started.body)).toBe(200)
  const id: string = started.body.id
  const run = await waitFor(
    async () => {
      const body = (await api('GET', `/process-runs/${id}`)).body
      return ['completed', 'unresolved'].includes(body.state) ? body : null
    },
    { timeoutMs: 30_000 },
  )
  const stepRuns: StepRun[] = (await api('GET', `/step-runs?process_run_id=${id}`)).body.data
  const outputs = (await api('GET', `/process-runs/${id}/outputs?limit=100`)).body.data
  const process = (await manage('GET', `/processes/${processId}`)).body
  const ofStep = (index: number) =>
    stepRuns
      .filter((stepRun) => stepRun.step.id === process.steps[index].id)
      .sort((a, b) => a.started_at.localeCompare(b.started_at))
  return { run, ofStep, outputs }
}

const slow = (count: number, ms: number) =>
  Array.from({ length: count }, (_, order) => ({ mode: 'slow', ms, order }))
const lastEnd = (runs: StepRun[]) =>
  runs
    .map((r) => r.ended_at)
    .sort()
    .at(-1) as string

describe('step settings', () => {
  it('shows the defaults, keeps what is set, and refuses bad settings with a message naming the field', async () => {
    const processId = await createProcess([
      {},
      {
        wait_for_previous: false,
        parallel_executions: 3,
        env: { GREETING: 'hej' },
        work_item_adapter: 'file',
      },
    ])
    const process = (await manage('GET', `/processes/${processId}`)).body
    expect(
      process.steps.map((s: Record<string, unknown>) => [
        s.wait_for_previous,
        s.parallel_executions,
        s.env,
        s.work_item_adapter,
      ]),
    ).toEqual([
      [true, 1, {}, 'api'],
      [false, 3, { GREETING: 'hej' }, 'file'],
    ])
    const patched = await manage('PATCH', `/processes/${processId}`, {
      steps: [{ robot_id: robotId, parallel_executions: 2 }, { robot_id: robotId }],
    })
    expect(patched.status, patched.text).toBe(200)
    expect(patched.body.steps.map((s: { parallel_executions: number }) => s.parallel_executions)).toEqual([
      2, 1,
    ])
    // The step kept its id (same robot and task): only its settings changed.
    expect(patched.body.steps[0].id).toBe(process.steps[0].id)

    for (const [step, field] of [
      [{ env: { RC_WORKITEM_ID: 'x' } }, 'steps.0.env'],
      [{ env: { '1BAD': 'x' } }, 'steps.0.env'],
      [{ parallel_executions: 0 }, 'steps.0.parallel_executions'],
      [{ parallel_executions: 1.5 }, 'steps.0.parallel_executions'],
      [{ work_item_adapter: 'ftp' }, 'steps.0.work_item_adapter'],
      [{ wait_for_previous: 'no' }, 'steps.0.wait_for_previous'],
    ] as const) {
      const refused = await manage('POST', '/processes', {
        name: 'Bad',
        steps: [{ robot_id: robotId, ...step }],
      })
      expect(refused.status, JSON.stringify(step)).toBe(400)
      expect(refused.body.error.message).toContain(field)
    }
  })

  it('by default, a step waits for the previous step to end and runs one step run at a time', async () => {
    const processId = await createProcess([{}, {}])
    const { run, ofStep, outputs } = await runToEnd(processId, slow(3, 150))
    expect(run.state).toBe('completed')
    expect(ofStep(0)).toHaveLength(1)
    const [consumer] = ofStep(1)
    expect((consumer as StepRun).started_at >= lastEnd(ofStep(0))).toBe(true)
    expect(outputs).toHaveLength(3)
  }, 40_000)

  it('a step that does not wait starts on the first items released while the previous step still runs', async () => {
    const processId = await createProcess([{}, { wait_for_previous: false }])
    const { run, ofStep, outputs } = await runToEnd(processId, slow(4, 600))
    expect(run.state).toBe('completed')
    const [firstConsumer] = ofStep(1)
    expect((firstConsumer as StepRun).started_at < lastEnd(ofStep(0))).toBe(true)
    expect(outputs.map((o: { payload: { order: number } }) => o.payload.order).sort()).toEqual([0, 1, 2, 3])
  }, 40_000)

  it('parallel executions run that many step runs of a step at once, sharing its items', async () => {
    const processId = await createProcess([{ parallel_executions: 2 }])
    const { run, ofStep, outputs } = await runToEnd(processId, slow(4, 700))
    expect(run.state).toBe('completed')
    const [first, second] = ofStep(0)
    expect(ofStep(0)).toHaveLength(2)
    expect((second as StepRun).started_at < (first as StepRun).ended_at).toBe(true)
    expect(outputs.map((o: { payload: { order: number } }) => o.payload.order).sort()).toEqual([0, 1, 2, 3])
  }, 40_000)

  it("gives a step's robot its own environment variables", async () => {
    const processId = await createProcess([{ env: { GREETING: 'hej', ORDER_SOURCE: 'orders.xlsx' } }, {}])
    const { run, outputs } = await runToEnd(processId, [{ mode: 'env', names: ['GREETING', 'ORDER_SOURCE'] }])
    expect(run.state).toBe('completed')
    // Step 2 (without the variables) echoes step 1's output: step 1 saw its variables.
    expect(outputs[0].payload).toMatchObject({ GREETING: 'hej', ORDER_SOURCE: 'orders.xlsx' })
  }, 40_000)
})
