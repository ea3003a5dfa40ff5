/**
 * Runs of robots that use the robot-side work item API: the Node robot that speaks it
 * (api-test-robot.ts) and the unmodified Python libraries (robocorp-workitems, rpaframework) with
 * the Python that ROBODECK_TEST_PYTHON names (the room runs robots with it, as --robot-python).
 * One run of a process to its end with what it left, the order scenario every such robot is given
 * and what each leaves for it, and whether the test Python can import a library (docs/localroom.md
 * says how to build one without a package index).
 */
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import { insertTestProcess } from './localroom-test-robot'
import { type RoomFixture, roomFixture } from './room-fixture'

export const testPython = process.env.ROBODECK_TEST_PYTHON

/** Why a test of `library` cannot run here (null: it can): no Python named, or it lacks `modules`. */
export function missingPython(library: string, modules: readonly string[]): string | null {
  if (!testPython) return `ROBODECK_TEST_PYTHON is not set (name a Python that has ${library})`
  const imported = spawnSync(testPython, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' })
  return imported.status === 0 ? null : `${testPython} cannot import ${modules.join(' and ')}`
}

/**
 * A room for the test file, running robots with the test Python, with one robot (`files`: its
 * robot.yaml and task files, by name) and a two-step process of it on the work item API. The folder
 * is made in beforeAll: a file whose only test is skipped runs no hooks and must leave nothing behind.
 */
export function twoStepRobotRoom(robot: string, files: Readonly<Record<string, string>>) {
  const base = join(tmpdir(), `robodeck-${robot}-${randomUUID()}`)
  const robotsDir = join(base, 'robots')
  const fixture = roomFixture({ mode: 'in-process', robotsDir, robotPython: testPython })
  let processId = ''
  beforeAll(async () => {
    await mkdir(join(robotsDir, robot), { recursive: true })
    for (const [name, text] of Object.entries(files)) await writeFile(join(robotsDir, robot, name), text)
    processId = insertTestProcess(fixture.dataDir, fixture.room.workspaceId, robot, 2, {
      robot,
      adapter: 'api',
    })
  })
  afterAll(async () => {
    await rm(base, { recursive: true, force: true })
  })
  return { fixture, processId: () => processId }
}

/** Starts a run of `processId` with one input item per payload and reads what it left at its end. */
export async function runToEnd(
  fixture: RoomFixture,
  processId: string,
  payloads: unknown[],
  timeoutMs = 60_000,
) {
  const api = (method: string, path: string, body?: unknown) => fixture.wsApi(method, path, { body })
  const started = await api('POST', `/processes/${processId}/process-runs`, {
    type: 'with_payloads',
    payloads,
  })
  expect(started.status, JSON.stringify(started.body)).toBe(200)
  const id: string = started.body.id
  const run = await fixture.waitForRunEnd(id, timeoutMs)
  const listed = (await api('GET', `/work-items?process_run_id=${id}&limit=100`)).body.data
  const items = await Promise.all(
    listed.map(async (item: { id: string }) => (await api('GET', `/work-items/${item.id}`)).body),
  )
  const stepRuns = [...(await api('GET', `/step-runs?process_run_id=${id}`)).body.data].sort(
    (a: { started_at: string }, b: { started_at: string }) => a.started_at.localeCompare(b.started_at),
  )
  const consoles: string[] = await Promise.all(
    stepRuns.map(async (stepRun: { id: string }) =>
      (await api('GET', `/step-runs/${stepRun.id}/console-messages?limit=500`)).body.data
        .map((m: { message: string }) => m.message)
        .join('\n'),
    ),
  )
  const outputs = (await api('GET', `/process-runs/${id}/outputs?limit=100`)).body.data
  /** The item whose input payload has this `mode`. */
  const byMode = (mode: string) =>
    items.find((item: { payload: { mode?: string } }) => item.payload.mode === mode)
  return { run, items, byMode, stepRuns, consoles, outputs }
}

/**
 * The orders a producer step is given: one it turns into an output with a file, one it fails as
 * BUSINESS (INVALID_ORDER) and one as APPLICATION (PORTAL_DOWN), and one it crashes on after an
 * output {order, partial}. The consumer step outputs what it gets with `read`, its files' contents.
 */
export const ORDER_PAYLOADS = [
  { mode: 'produce', order: 1 },
  { mode: 'business' },
  { mode: 'application' },
  { mode: 'crash', order: 4 },
]

/**
 * What every robot leaves of ORDER_PAYLOADS in a two-step process, but for the item it crashed on:
 * the run unresolved (Control Room: failed items), the producer's step run failed, the consumer's
 * completed with the outputs made before the crash; `partialRead` is what it read of the partial one.
 */
export function expectOrdersHandled(
  { run, byMode, stepRuns, outputs }: Awaited<ReturnType<typeof runToEnd>>,
  partialRead: Record<string, string>,
): void {
  expect(run.state).toBe('unresolved')
  expect(stepRuns).toHaveLength(2)
  expect(stepRuns[0]).toMatchObject({ state: 'failed', error: { code: 'robot_failed' } })
  expect(stepRuns[1]).toMatchObject({ state: 'completed', error: null })
  expect(byMode('produce')).toMatchObject({ state: 'done', exception: null })
  expect(byMode('business')).toMatchObject({
    state: 'failed',
    exception: { type: 'business', code: 'INVALID_ORDER', message: 'Invalid ZIP code' },
  })
  expect(byMode('application')).toMatchObject({
    state: 'failed',
    exception: { type: 'application', code: 'PORTAL_DOWN', message: 'The portal did not answer' },
  })
  const payloads = outputs.map((o: { payload: { order: number } }) => o.payload)
  expect(payloads.sort((a: { order: number }, b: { order: number }) => a.order - b.order)).toEqual([
    expect.objectContaining({ order: 1, read: { 'order-1.txt': 'order 1' } }),
    expect.objectContaining({ order: 4, partial: true, read: partialRead }),
  ])
}
