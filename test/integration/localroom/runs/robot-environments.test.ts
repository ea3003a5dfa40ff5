/**
 * How a step's robot gets its environment: through `rcc task run` when rcc is on PATH (a fake rcc
 * script that records its argv and runs the robot), and otherwise with a console line, at the
 * step's start, saying that conda.yaml was not used and which Python runs the robot (the room's
 * --robot-python here).
 */

import { mkdtempSync } from 'node:fs'
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeApiRobot } from '../../../support/api-test-robot'
import { waitFor } from '../../../support/localroom'
import { insertTestProcess } from '../../../support/localroom-test-robot'
import { roomFixture } from '../../../support/room-fixture'

const base = mkdtempSync(join(tmpdir(), 'robodeck-robot-env-'))
const robotsDir = join(base, 'robots')
const fakeBin = join(base, 'bin')
const argvFile = join(base, 'rcc-argv.txt')
const robotPython = join(base, 'python-env', 'bin', 'python')
const fixture = roomFixture({ mode: 'in-process', robotsDir, robotPython })
let processId: string

// Records its arguments, then runs the robot as rcc would after building its environment.
const FAKE_RCC = `#!/bin/sh
printf '%s\\n' "$@" > '${argvFile}'
cd "$(dirname "$4")" && exec node robot.mjs
`

beforeAll(async () => {
  const robot = await writeApiRobot(robotsDir)
  await writeFile(join(robotsDir, robot, 'conda.yaml'), 'dependencies:\n  - python=3.12\n')
  await mkdir(fakeBin, { recursive: true })
  await writeFile(join(fakeBin, 'rcc'), FAKE_RCC)
  await chmod(join(fakeBin, 'rcc'), 0o755)
  processId = insertTestProcess(fixture.dataDir, fixture.room.workspaceId, 'Environments', 1, {
    robot,
    adapter: 'api',
  })
})
afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

const api = (method: string, path: string, body?: unknown) => fixture.wsApi(method, path, { body })

async function runAndReadConsole(): Promise<{ state: string; lines: string[] }> {
  const started = await api('POST', `/processes/${processId}/process-runs`, {
    type: 'with_payloads',
    payloads: [{ mode: 'produce', order: 1 }],
  })
  expect(started.status).toBe(200)
  const run = await waitFor(
    async () => {
      const body = (await api('GET', `/process-runs/${started.body.id}`)).body
      return ['completed', 'unresolved'].includes(body.state) ? body : null
    },
    { timeoutMs: 20_000 },
  )
  const [stepRun] = (await api('GET', `/step-runs?process_run_id=${started.body.id}`)).body.data
  const lines = (await api('GET', `/step-runs/${stepRun.id}/console-messages?limit=100`)).body.data.map(
    (m: { message: string }) => m.message,
  )
  return { state: run.state, lines }
}

describe('robot environments', () => {
  it('without rcc, the console says at the start that conda.yaml was not used and which Python runs', async () => {
    const { state, lines } = await runAndReadConsole()
    expect(state).toBe('completed')
    expect(lines[0]).toBe(
      `rcc is not on PATH: conda.yaml was not used, no environment was built; Python: ${robotPython} (the room option --robot-python)`,
    )
  }, 30_000)

  it('with rcc on PATH, the step runs through rcc task run with the robot.yaml and task', async () => {
    const savedPath = process.env.PATH
    process.env.PATH = `${fakeBin}${delimiter}${savedPath ?? ''}`
    try {
      const { state, lines } = await runAndReadConsole()
      expect(state).toBe('completed')
      expect(lines[0]).toBe(
        `Running through rcc (${join(fakeBin, 'rcc')}), which builds the robot's environment from conda.yaml`,
      )
      const argv = (await readFile(argvFile, 'utf8')).trim().split('\n')
      expect(argv).toEqual([
        'task',
        'run',
        '--robot',
        expect.stringMatching(/step-runs\/[^/]+\/robot\/robot\.yaml$/),
        '--task',
        'Run',
      ])
    } finally {
      process.env.PATH = savedPath
    }
  }, 30_000)
})
