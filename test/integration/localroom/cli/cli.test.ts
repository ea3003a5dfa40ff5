/** The standalone CLI (out/main/localroom.js): flags, the bootstrap line, errors and shutdown. */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { callApi, LOCALROOM_CLI, spawnLocalRoom, waitFor } from '../../../support/localroom'
import { runToExit } from '../../../support/run-to-exit'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-localroom-cli-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Runs the CLI to completion (for invocations that must exit by themselves). */
const runCli = (args: string[]) => runToExit([LOCALROOM_CLI, ...args])

describe('local Control Room CLI', () => {
  it('prints exactly the bootstrap line on stdout, creates a missing data dir, and exits 0 on SIGINT', async () => {
    const dataDir = join(dir, 'not', 'there', 'yet')
    const room = await spawnLocalRoom({ dataDir })
    let stdoutAfter = ''
    room.child.stdout?.on('data', (chunk: Buffer) => {
      stdoutAfter += chunk.toString()
    })
    expect(room.bootstrap.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/)
    expect((await stat(join(dataDir, 'localroom.sqlite'))).isFile()).toBe(true)
    const exited = new Promise((done) => room.child.once('exit', done))
    room.child.kill('SIGINT')
    await exited
    expect(room.child.exitCode).toBe(0)
    expect(stdoutAfter).toBe('')
    expect(room.stderr()).toContain('listening on')
    expect(room.stderr()).not.toContain(room.bootstrap.api_key)
  })

  it('exits 2 with a usage message for a bad flag or port', async () => {
    const flag = await runCli(['--prot', '1'])
    expect(flag.code).toBe(2)
    expect(flag.stdout).toBe('')
    expect(flag.stderr).toMatch(/--prot/)
    expect(flag.stderr).toContain('Usage:')
    const port = await runCli(['--port', 'eighty', '--data', join(dir, 'p')])
    expect(port.code).toBe(2)
    expect(port.stderr).toMatch(/--port must be a number/)
  })

  it('exits 2 with a clear message when the port is in use', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done))
    try {
      const address = blocker.address()
      const port = typeof address === 'object' && address ? address.port : 0
      const result = await runCli(['--port', String(port), '--data', join(dir, 'busy'), '--print-bootstrap'])
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`)
    } finally {
      await new Promise((done) => blocker.close(done))
    }
  })

  it('after SIGKILL, the next start marks the interrupted run unresolved', async () => {
    const robots = join(dir, 'robots')
    await mkdir(join(robots, 'echo-payload'), { recursive: true })
    await writeFile(
      join(robots, 'echo-payload', 'robot.yaml'),
      'tasks:\n  Echo payload:\n    shell: node slow.mjs\n',
    )
    // Exits by itself: a killed room leaves its robots running (they are in their own process group).
    await writeFile(
      join(robots, 'echo-payload', 'slow.mjs'),
      "console.log('PID ' + process.pid)\nsetTimeout(() => {}, 5000)\n",
    )
    const dataDir = join(dir, 'crash')
    const first = await spawnLocalRoom({ dataDir, robotsDir: robots })
    const { url, workspace_id: ws, api_key: key } = first.bootstrap
    const processes = await callApi(url, 'GET', `/workspaces/${ws}/processes`, { key })
    const started = await callApi(
      url,
      'POST',
      `/workspaces/${ws}/processes/${processes.body.data[0].id}/process-runs`,
      { key },
    )
    const runPath = `/workspaces/${ws}/process-runs/${started.body.id}`
    await waitFor(async () => (await callApi(url, 'GET', runPath, { key })).body.state === 'in_progress')
    await first.kill()

    const second = await spawnLocalRoom({ dataDir, robotsDir: robots })
    try {
      const run = await callApi(second.bootstrap.url, 'GET', runPath, { key: second.bootstrap.api_key })
      expect(run.body).toMatchObject({
        state: 'unresolved',
        ended_at: expect.any(String),
        duration: expect.any(Number),
      })
      expect(second.stderr()).toContain('marked 1 interrupted run(s) unresolved')
    } finally {
      await second.stop()
      // Reap the orphaned robot rather than leave it to its timer.
      const db = new DatabaseSync(join(dataDir, DB_FILE), { readOnly: true })
      const line = db.prepare(`SELECT message FROM console_messages WHERE message LIKE 'PID %'`).get()
      db.close()
      const pid = Number(String(line?.message ?? '').slice(4))
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // Already gone.
        }
      }
    }
  })
})
