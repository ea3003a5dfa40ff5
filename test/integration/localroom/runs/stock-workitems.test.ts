/**
 * The stock robocorp-workitems library, unmodified and with no adapter variable set, against the
 * room: it picks its RobocorpAdapter from the RC_* variables, as in Control Room, and the room shows
 * its outputs (with files), its BUSINESS and APPLICATION failures and the exception of the item it
 * crashed on. Needs a Python that has robocorp-workitems and robocorp-tasks, named by
 * ROBODECK_TEST_PYTHON (the room runs robots with it through --robot-python); skipped, naming what
 * is missing, where there is none (no Python package index is reachable in CI).
 */
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../../../support/localroom'
import { insertTestProcess } from '../../../support/localroom-test-robot'
import { roomFixture } from '../../../support/room-fixture'

const python = process.env.ROBODECK_TEST_PYTHON
const missing = !python
  ? 'ROBODECK_TEST_PYTHON is not set (name a Python that has robocorp-workitems and robocorp-tasks)'
  : spawnSync(python, ['-c', 'import robocorp.workitems, robocorp.tasks'], { stdio: 'ignore' }).status !== 0
    ? `${python} cannot import robocorp.workitems and robocorp.tasks`
    : null

const TASKS_PY = `
from pathlib import Path

from robocorp import workitems
from robocorp.tasks import task


@task
def process_orders():
    for item in workitems.inputs:
        payload = item.payload or {}
        mode = payload.get("mode")
        if mode == "produce":
            path = Path("order-%d.txt" % payload["order"])
            path.write_text("order %d" % payload["order"])
            workitems.outputs.create(payload={"order": payload["order"]}, files=[path])
            item.done()
        elif mode == "business":
            item.fail("BUSINESS", code="INVALID_ORDER", message="Invalid ZIP code")
        elif mode == "application":
            item.fail("APPLICATION", code="PORTAL_DOWN", message="The portal did not answer")
        elif mode == "crash":
            workitems.outputs.create(payload={"order": payload["order"], "partial": True})
            raise FileNotFoundError("No file with name: orders.xlsx")
        else:
            read = {name: item.get_file(name).read_text() for name in item.files}
            workitems.outputs.create(payload={**payload, "read": read})
            item.done()
`

// Made in beforeAll: a file whose only test is skipped runs no hooks and must leave nothing behind.
const base = join(tmpdir(), `robodeck-stock-workitems-${randomUUID()}`)
const robotsDir = join(base, 'robots')
const fixture = roomFixture({ mode: 'in-process', robotsDir, robotPython: python })
let processId: string

beforeAll(async () => {
  await mkdir(join(robotsDir, 'stock-robot'), { recursive: true })
  await writeFile(
    join(robotsDir, 'stock-robot', 'robot.yaml'),
    'tasks:\n  Run:\n    shell: python -m robocorp.tasks run tasks.py\nartifactsDir: output\n',
  )
  await writeFile(join(robotsDir, 'stock-robot', 'tasks.py'), TASKS_PY)
  processId = insertTestProcess(fixture.dataDir, fixture.room.workspaceId, 'Stock workitems', 2, {
    robot: 'stock-robot',
    adapter: 'api',
  })
})
afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

const api = (method: string, path: string, body?: unknown) => fixture.wsApi(method, path, { body })

describe('the stock robocorp-workitems library', () => {
  it.skipIf(missing !== null)(
    `reports outputs, failures and a crash as Control Room does${missing ? ` [skipped: ${missing}]` : ''}`,
    async () => {
      const started = await api('POST', `/processes/${processId}/process-runs`, {
        type: 'with_payloads',
        payloads: [
          { mode: 'produce', order: 1 },
          { mode: 'business' },
          { mode: 'application' },
          { mode: 'crash', order: 4 },
        ],
      })
      expect(started.status).toBe(200)
      const id: string = started.body.id
      const run = await waitFor(
        async () => {
          const body = (await api('GET', `/process-runs/${id}`)).body
          return ['completed', 'unresolved'].includes(body.state) ? body : null
        },
        { timeoutMs: 60_000 },
      )
      expect(run.state).toBe('unresolved')
      const listed = (await api('GET', `/work-items?process_run_id=${id}&limit=100`)).body.data
      const items = await Promise.all(
        listed.map(async (item: { id: string }) => (await api('GET', `/work-items/${item.id}`)).body),
      )
      const byMode = (mode: string) =>
        items.find((item: { payload: { mode?: string } }) => item.payload.mode === mode)
      expect(byMode('produce')).toMatchObject({ state: 'done', exception: null })
      expect(byMode('business')).toMatchObject({
        state: 'failed',
        exception: { type: 'business', code: 'INVALID_ORDER', message: 'Invalid ZIP code' },
      })
      expect(byMode('application')).toMatchObject({
        state: 'failed',
        exception: { type: 'application', code: 'PORTAL_DOWN', message: 'The portal did not answer' },
      })
      // The library releases the item it crashed on itself, before the task ends: the exception
      // leaving `for item in workitems.inputs` closes the inputs generator, whose `with` block fails
      // the item with GeneratorExit's empty message, and RobocorpAdapter drops empty fields. So
      // Control Room, like the room, receives a bare APPLICATION, which wins over the room's
      // robot_failed; the exception itself is in the step's console.
      expect(byMode('crash')).toMatchObject({
        state: 'failed',
        exception: { type: 'application', code: '', message: '' },
      })
      const stepRuns = (await api('GET', `/step-runs?process_run_id=${id}`)).body.data
      const [first, second] = [...stepRuns].sort((a: { started_at: string }, b: { started_at: string }) =>
        a.started_at.localeCompare(b.started_at),
      )
      expect(stepRuns).toHaveLength(2)
      expect(first).toMatchObject({ state: 'failed', error: { code: 'robot_failed' } })
      const consoleLines = (await api('GET', `/step-runs/${first.id}/console-messages?limit=500`)).body.data
      expect(consoleLines.map((m: { message: string }) => m.message).join('\n')).toMatch(
        /FileNotFoundError: No file with name: orders\.xlsx/,
      )
      expect(second.state).toBe('completed')
      const outputs = (await api('GET', `/process-runs/${id}/outputs?limit=100`)).body.data
      const payloads = outputs.map((o: { payload: { order: number } }) => o.payload)
      expect(payloads.sort((a: { order: number }, b: { order: number }) => a.order - b.order)).toEqual([
        expect.objectContaining({ order: 1, read: { 'order-1.txt': 'order 1' } }),
        expect.objectContaining({ order: 4, partial: true }),
      ])
    },
    90_000,
  )
})
