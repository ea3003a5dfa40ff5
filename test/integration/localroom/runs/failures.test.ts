/**
 * How runs end when robots fail, with real child processes: a non-zero exit, a crash (SIGABRT), a
 * command that does not exist, items released as failed through the release file; and a two-step
 * process whose first step's output items (with files) are the second step's inputs.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../../../support/localroom'
import { insertTestProcess, processGone, writeTestRobot } from '../../../support/localroom-test-robot'
import { roomFixture } from '../../../support/room-fixture'

const fixture = roomFixture({ mode: 'in-process', prepare: writeRobots })
const { wsApi } = fixture
let oneStep: string
let twoSteps: string
let missingCommand: string
let background: string
let backgroundPid = 0

const BACKGROUND_ROBOT = `
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'inherit' })
child.unref()
console.log('background ' + child.pid)
writeFileSync(process.env.RC_WORKITEM_OUTPUT_PATH, JSON.stringify([{ payload: { ok: true }, files: {} }]))
`

/** The test robot, one whose command does not exist and one that leaves a background process. */
async function writeRobots(dir: string) {
  const robotsDir = await writeTestRobot(dir)
  await mkdir(join(robotsDir, 'missing-command'), { recursive: true })
  await writeFile(
    join(robotsDir, 'missing-command', 'robot.yaml'),
    'tasks:\n  Run:\n    shell: robodeck-no-such-command --flag\n',
  )
  // Exits at once, leaving a background process that inherited its stdout (as a robot starting a
  // webdriver or a browser does).
  await mkdir(join(robotsDir, 'background'), { recursive: true })
  await writeFile(join(robotsDir, 'background', 'robot.yaml'), 'tasks:\n  Run:\n    shell: node robot.mjs\n')
  await writeFile(join(robotsDir, 'background', 'robot.mjs'), BACKGROUND_ROBOT)
  return { robotsDir }
}

beforeAll(() => {
  const { dataDir } = fixture
  const ws = fixture.ws()
  oneStep = insertTestProcess(dataDir, ws, 'One step')
  twoSteps = insertTestProcess(dataDir, ws, 'Two steps', 2)
  missingCommand = insertTestProcess(dataDir, ws, 'Missing command', 1, { robot: 'missing-command' })
  background = insertTestProcess(dataDir, ws, 'Background', 1, { robot: 'background' })
})
afterAll(() => {
  if (backgroundPid > 0 && !processGone(backgroundPid)) process.kill(backgroundPid, 'SIGKILL')
})

/** Starts a run with one input item per payload and waits until it has ended. */
async function runToEnd(processId: string, payloads: unknown[], timeoutMs = 15_000) {
  const started = await wsApi('POST', `/processes/${processId}/process-runs`, {
    body: {
      type: 'with_payloads',
      payloads,
    },
  })
  expect(started.status).toBe(200)
  const id: string = started.body.id
  const run = await fixture.waitForRunEnd(id, timeoutMs)
  const stepRuns = (await wsApi('GET', `/step-runs?process_run_id=${id}`)).body.data
  const items = (await wsApi('GET', `/work-items?process_run_id=${id}&limit=100`)).body.data
  const outputs = (await wsApi('GET', `/process-runs/${id}/outputs?limit=100`)).body.data
  return { run, stepRuns, items, outputs }
}

const consoleOf = async (stepRunId: string): Promise<string[]> =>
  (await wsApi('GET', `/step-runs/${stepRunId}/console-messages?limit=500`)).body.data.map(
    (m: { message: string }) => m.message,
  )

/** A work item with its exception (lists leave it out). */
const itemById = async (id: string) => (await wsApi('GET', `/work-items/${id}`)).body

describe('robots that fail', () => {
  it('ends the run unresolved when the robot exits non-zero, keeping its stderr', async () => {
    const { run, stepRuns, items } = await runToEnd(oneStep, [{ mode: 'fail' }])
    expect(run).toMatchObject({ state: 'unresolved', ended_at: expect.any(String) })
    expect(stepRuns).toHaveLength(1)
    expect(stepRuns[0]).toMatchObject({ state: 'failed', error: { code: 'robot_failed' } })
    const lines = await consoleOf(stepRuns[0].id)
    expect(lines).toContain('failing')
    expect(lines).toContain('The robot exited with code 3')
    const item = await itemById(items[0].id)
    expect(item).toMatchObject({ state: 'failed', exception: { type: 'application', code: 'robot_failed' } })
  })

  it('ends the run unresolved, without hanging, when the robot crashes', async () => {
    const { run, stepRuns, items } = await runToEnd(oneStep, [{ mode: 'crash' }])
    expect(run.state).toBe('unresolved')
    expect(stepRuns[0]).toMatchObject({ state: 'failed', error: { code: 'robot_failed' } })
    const lines = await consoleOf(stepRuns[0].id)
    expect(lines).toContain('crashing')
    expect(lines).toContain('The robot was killed by SIGABRT')
    expect((await itemById(items[0].id)).state).toBe('failed')
  })

  it('ends the run unresolved with a readable line when the command does not exist', async () => {
    const { run, stepRuns, items } = await runToEnd(missingCommand, [{}])
    expect(run.state).toBe('unresolved')
    expect(stepRuns[0]).toMatchObject({ state: 'failed', error: { code: 'spawn_failed' } })
    const lines = await consoleOf(stepRuns[0].id)
    const line = lines.find((l) => l.startsWith('Cannot start the robot'))
    expect(line, lines.join('\n')).toContain('robodeck-no-such-command')
    expect(line).toContain('ENOENT')
    expect(await itemById(items[0].id)).toMatchObject({
      state: 'failed',
      exception: { type: 'application', code: 'spawn_failed' },
    })
  })

  it('fails exactly the item the robot released as failed; the others are done', async () => {
    const { run, stepRuns, items, outputs } = await runToEnd(oneStep, [
      { n: 1 },
      { mode: 'release', code: 'wrong_total' },
      { n: 3 },
    ])
    expect(run.state).toBe('unresolved')
    expect(stepRuns[0]).toMatchObject({ state: 'failed', error: { code: 'work_item_failed' } })
    const details = await Promise.all(items.map((i: { id: string }) => itemById(i.id)))
    const failed = details.filter((i) => i.state === 'failed')
    expect(failed).toHaveLength(1)
    expect(failed[0].payload).toEqual({ mode: 'release', code: 'wrong_total' })
    expect(failed[0].exception).toEqual({ type: 'business', code: 'wrong_total', message: 'item 1 is bad' })
    const done = details.filter((i) => i.state === 'done')
    expect(done.map((i) => i.payload)).toEqual(expect.arrayContaining([{ n: 1 }, { n: 3 }]))
    expect(done).toHaveLength(2)
    // The items that succeeded still come out.
    expect(outputs.map((o: { payload: unknown }) => o.payload)).toEqual(
      expect.arrayContaining([{ n: 1 }, { n: 3 }]),
    )
    expect(outputs).toHaveLength(2)
  })

  it('ends the step when the robot exits, though a process it left behind holds its stdout', async () => {
    const { run, stepRuns } = await runToEnd(background, [{}], 5000)
    expect(run.state).toBe('completed')
    const line = (await consoleOf(stepRuns[0].id)).find((l) => l.startsWith('background '))
    backgroundPid = Number(line?.slice('background '.length))
    await waitFor(() => processGone(backgroundPid), { timeoutMs: 3000 })
  })
})

describe('a multi-step process', () => {
  it("passes step 1's output items and their files to step 2; the run's outputs are step 2's", async () => {
    const { run, stepRuns, items, outputs } = await runToEnd(twoSteps, [{ mode: 'split', count: 3 }])
    expect(run.state).toBe('completed')
    expect(stepRuns).toHaveLength(2)
    expect(stepRuns.every((s: { state: string }) => s.state === 'completed')).toBe(true)
    // One input for step 1, three (its outputs) for step 2, all done.
    expect(items).toHaveLength(4)
    const details = await Promise.all(items.map((i: { id: string }) => itemById(i.id)))
    expect(details.every((i) => i.state === 'done')).toBe(true)
    const stepTwoInputs = details.filter((i) => i.payload?.readFiles === true)
    expect(stepTwoInputs.map((i) => i.files.map((f: { name: string }) => f.name)).sort()).toEqual([
      ['part-0.txt'],
      ['part-1.txt'],
      ['part-2.txt'],
    ])
    // Step 2 read each file it was given: its outputs carry the files' contents.
    const payloads = outputs.map((o: { payload: unknown }) => o.payload)
    expect(payloads).toHaveLength(3)
    expect(payloads).toEqual(
      expect.arrayContaining(
        [0, 1, 2].map((part) => ({ part, readFiles: true, read: { [`part-${part}.txt`]: `part ${part}` } })),
      ),
    )
    // The second step's console shows it processed the three items.
    const stepTwo = stepRuns.find((s: { step: { name: string } }) => s.step.name === 'Step 2')
    const lines = await consoleOf(stepTwo.id)
    expect(lines.filter((l) => l.startsWith('item {"part"'))).toHaveLength(3)
  })
})
