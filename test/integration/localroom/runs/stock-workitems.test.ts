/**
 * The stock robocorp-workitems library, unmodified and with no adapter variable set, against the
 * room: it picks its RobocorpAdapter from the RC_* variables, as in Control Room, and the room shows
 * its outputs (with files), its BUSINESS and APPLICATION failures, and the item it crashed on failed
 * as the library releases it, with the exception in the step's console. Needs a Python that has
 * robocorp-workitems and robocorp-tasks, named by ROBODECK_TEST_PYTHON (the room runs robots with it
 * through --robot-python); skipped, naming what is missing, where there is none (no Python package
 * index is reachable in CI; docs/localroom.md says how to build one from the libraries' sources).
 */
import { describe, expect, it } from 'vitest'
import {
  expectOrdersHandled,
  missingPython,
  ORDER_PAYLOADS,
  runToEnd,
  twoStepRobotRoom,
} from '../../../support/work-item-robot-runs'

const missing = missingPython('robocorp-workitems and robocorp-tasks', [
  'robocorp.workitems',
  'robocorp.tasks',
])

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

const { fixture, processId } = twoStepRobotRoom('stock-workitems', {
  'robot.yaml': 'tasks:\n  Run:\n    shell: python -m robocorp.tasks run tasks.py\nartifactsDir: output\n',
  'tasks.py': TASKS_PY,
})

describe('the stock robocorp-workitems library', () => {
  it.skipIf(missing !== null)(
    `reports outputs, failures and a crash as Control Room does${missing ? ` [skipped: ${missing}]` : ''}`,
    async () => {
      const result = await runToEnd(fixture, processId(), ORDER_PAYLOADS)
      expectOrdersHandled(result, {})
      // The library releases the item it crashed on itself, before the task ends: the exception
      // leaving `for item in workitems.inputs` closes the inputs generator, whose `with` block fails
      // the item with GeneratorExit's empty message, and RobocorpAdapter drops empty fields. So
      // Control Room, like the room, receives a bare APPLICATION, which wins over the room's
      // robot_failed; the exception itself is in the step's console.
      expect(result.byMode('crash')).toMatchObject({
        state: 'failed',
        exception: { type: 'application', code: '', message: '' },
      })
      expect(result.consoles[0]).toMatch(/FileNotFoundError: No file with name: orders\.xlsx/)
    },
    90_000,
  )
})
