/**
 * `--exit-with-parent`: a room whose parent dies (the desktop app crashed, or was killed) closes by
 * itself: its robots end and its runs are settled, instead of running on with no one to stop them.
 * Real processes: a parent that starts the built room CLI, a real robot, kill -9 on the parent.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { type Bootstrap, parseBootstrapLine } from '../../../../src/shared/local-room-bootstrap'
import { callApi, LOCALROOM_CLI, waitFor } from '../../../support/localroom'

const root = resolve(__dirname, '../../../..')
const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {})
})

const isGone = (pid: number) => {
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/**
 * A parent process that starts the room with `args` and prints its pid and bootstrap line, as the
 * desktop app would; the room's output pipes lead to the parent, and break when it dies.
 */
async function roomUnderParent(dataDir: string, args: string[]) {
  const script = `
    const { spawn } = require('node:child_process')
    const room = spawn(process.execPath, ${JSON.stringify([LOCALROOM_CLI, '--port', '0', '--data', dataDir, '--print-bootstrap', ...args])}, { stdio: ['ignore', 'pipe', 'pipe'] })
    room.stderr.resume()
    room.stdout.once('data', (chunk) => console.log(JSON.stringify({ pid: room.pid, line: String(chunk).split('\\n')[0] })))
  `
  const parent: ChildProcess = spawn(process.execPath, ['-e', script], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const first = await new Promise<string>((done) =>
    createInterface({ input: parent.stdout as NonNullable<typeof parent.stdout> }).once('line', done),
  )
  const { pid, line } = JSON.parse(first) as { pid: number; line: string }
  cleanups.push(async () => {
    for (const target of [parent.pid, pid])
      if (target !== undefined && !isGone(target)) process.kill(target, 'SIGKILL')
  })
  return { parent, roomPid: pid, bootstrap: parseBootstrapLine(line) }
}

async function startLongJob(bootstrap: Bootstrap) {
  const { url, workspace_id: ws, api_key: key } = bootstrap
  const processes = await callApi(url, 'GET', `/workspaces/${ws}/processes`, { key })
  const longJob = processes.body.data.find((process: { name: string }) => process.name === 'Long job')
  const started = await callApi(url, 'POST', `/workspaces/${ws}/processes/${longJob.id}/process-runs`, {
    key,
    body: { type: 'with_payloads', payloads: [{ seconds: 600 }] },
  })
  expect(started.status).toBe(200)
  return started.body.id as string
}

describe('local room CLI: --exit-with-parent', { timeout: 60_000 }, () => {
  it('closes when its parent is killed: the robot ends and its run is settled', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'robodeck-orphan-'))
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    const { parent, roomPid, bootstrap } = await roomUnderParent(dataDir, ['--exit-with-parent'])
    const runId = await startLongJob(bootstrap)
    const database = join(dataDir, 'localroom.sqlite')
    const robotPid = await waitFor(() => {
      const db = new DatabaseSync(database, { readOnly: true })
      try {
        const step = db.prepare('SELECT pid FROM step_runs WHERE process_run_id = ?').get(runId) as
          | { pid: number | null }
          | undefined
        return step?.pid ?? undefined
      } finally {
        db.close()
      }
    })
    expect(isGone(robotPid)).toBe(false)

    parent.kill('SIGKILL')
    // The room notices within its poll (a second), stops the robot, settles the run and exits.
    await waitFor(() => isGone(roomPid), { timeoutMs: 20_000 })
    await waitFor(() => isGone(robotPid), { timeoutMs: 5_000 })
    const db = new DatabaseSync(database, { readOnly: true })
    try {
      expect(db.prepare('SELECT state FROM process_runs WHERE id = ?').get(runId)).toEqual({
        state: 'unresolved',
      })
      expect(
        db.prepare('SELECT state, error_code FROM step_runs WHERE process_run_id = ?').get(runId),
      ).toEqual({
        state: 'failed',
        error_code: 'stopped',
      })
    } finally {
      db.close()
    }
  })

  it('without the flag, a room outlives its parent (a room started from a shell and left running)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'robodeck-orphan-'))
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    const { parent, roomPid, bootstrap } = await roomUnderParent(dataDir, [])
    parent.kill('SIGKILL')
    await waitFor(() => isGone(parent.pid as number))
    await new Promise((done) => setTimeout(done, 2_500))
    expect(isGone(roomPid)).toBe(false)
    const { url, workspace_id: ws, api_key: key } = bootstrap
    expect((await callApi(url, 'GET', `/workspaces/${ws}`, { key })).status).toBe(200)
  })
})
