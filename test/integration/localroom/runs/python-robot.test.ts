/**
 * A Python robot that follows robocorp-workitems' file adapter conventions with the standard library
 * only: it checks RC_WORKITEM_ADAPTER, reads its input items from RC_WORKITEM_INPUT_PATH and writes
 * output items (each with a file next to the output JSON) to RC_WORKITEM_OUTPUT_PATH. The robot is
 * imported and its process created through the management API, and launched through API v1.
 */
import { spawnSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { roomFixture } from '../../../support/room-fixture'

const hasPython = spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0

const TASK_PY = `
import json
import os
import sys
from pathlib import Path

# robocorp-workitems picks its adapter by this name; the file adapter is the one that reads files.
adapter = os.environ.get("RC_WORKITEM_ADAPTER", "")
if not adapter.endswith("FileAdapter"):
    print(f"unexpected work item adapter {adapter!r}", file=sys.stderr)
    sys.exit(2)

input_path = Path(os.environ["RC_WORKITEM_INPUT_PATH"])
output_path = Path(os.environ["RC_WORKITEM_OUTPUT_PATH"])
items = json.loads(input_path.read_text(encoding="utf-8"))
outputs = []
for index, item in enumerate(items):
    payload = item.get("payload") or {}
    name = payload.get("name", "world")
    print(f"python item {index}: {json.dumps(payload, sort_keys=True)}", flush=True)
    # As the file adapter's add_file does: the file sits next to the output JSON, named relatively.
    file_name = f"greeting-{index}.txt"
    output_path.parent.mkdir(parents=True, exist_ok=True)
    (output_path.parent / file_name).write_text(f"Hello, {name}!", encoding="utf-8")
    outputs.append({
        "payload": {"greeting": f"Hello, {name}!", "index": index, "python": sys.version_info[0]},
        "files": {file_name: file_name},
    })
output_path.write_text(json.dumps(outputs), encoding="utf-8")
print(f"wrote {len(outputs)} output items", flush=True)
`

const fixture = roomFixture({ mode: 'in-process' })
const { wsApi, manage, ws } = fixture

describe('a Python robot using the work item file adapter conventions', () => {
  it.skipIf(!hasPython)(
    'reads its input items and its output items (with files) become the run outputs (needs python3 on PATH)',
    async () => {
      const folder = join(fixture.dir, 'python-robot')
      await mkdir(folder, { recursive: true })
      await writeFile(
        join(folder, 'robot.yaml'),
        'tasks:\n  Greet:\n    shell: python3 task.py\nartifactsDir: output\n',
      )
      await writeFile(join(folder, 'task.py'), TASK_PY)
      const robot = await manage('POST', `/workspaces/${ws()}/robots`, {
        path: folder,
        name: 'Python greeter',
      })
      expect(robot.status, robot.text).toBe(200)
      expect(robot.body.tasks).toEqual([{ name: 'Greet', runnable: true }])
      const created = await manage('POST', `/workspaces/${ws()}/processes`, {
        name: 'Python greeter',
        steps: [{ robot_id: robot.body.id, work_item_adapter: 'file' }],
      })
      expect(created.status, created.text).toBe(200)

      const started = await wsApi('POST', `/processes/${created.body.id}/process-runs`, {
        body: {
          type: 'with_payloads',
          payloads: [{ name: 'Robodeck' }, { name: 'Python' }],
        },
      })
      expect(started.status).toBe(200)
      const runId: string = started.body.id
      const run = await fixture.waitForRunEnd(runId)
      const [stepRun] = (await wsApi('GET', `/step-runs?process_run_id=${runId}`)).body.data
      const lines = (await wsApi('GET', `/step-runs/${stepRun.id}/console-messages?limit=100`)).body.data.map(
        (m: { message: string }) => m.message,
      )
      expect(run.state, lines.join('\n')).toBe('completed')
      expect(lines).toEqual(
        expect.arrayContaining([
          'python item 0: {"name": "Robodeck"}',
          'python item 1: {"name": "Python"}',
          'wrote 2 output items',
        ]),
      )

      const outputs = (await wsApi('GET', `/process-runs/${runId}/outputs`)).body.data as {
        payload: { index: number }
        files: { id: string; name: string; size: number }[]
      }[]
      outputs.sort((a, b) => a.payload.index - b.payload.index)
      expect(outputs.map((o) => o.payload)).toEqual([
        { greeting: 'Hello, Robodeck!', index: 0, python: 3 },
        { greeting: 'Hello, Python!', index: 1, python: 3 },
      ])
      // Each output item's file, stored by the room and listed with its size.
      expect(outputs.map((o) => o.files)).toEqual([
        [{ id: expect.any(String), name: 'greeting-0.txt', size: 'Hello, Robodeck!'.length }],
        [{ id: expect.any(String), name: 'greeting-1.txt', size: 'Hello, Python!'.length }],
      ])
      const items = (await wsApi('GET', `/work-items?process_run_id=${runId}`)).body.data
      expect(items.map((i: { state: string }) => i.state)).toEqual(['done', 'done'])
    },
  )
})
