/**
 * One room per data dir: a second room (the CLI, web mode, or a second room in one process) on a
 * data dir a live room holds is refused with a message naming the holder's pid and URL, and leaves
 * the live room's runs, robots and bootstrap key alone. The lock dies with its process: after
 * kill -9 the next room starts.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type LocalRoom, startLocalRoom } from '../../../../src/localroom/server'
import { DataDirInUseError } from '../../../../src/localroom/storage/data-dir-lock'
import { HOLDER_FILE, readLockHolder } from '../../../../src/platform/local-room-holder'
import {
  callApi,
  LOCALROOM_CLI,
  type SpawnedLocalRoom,
  spawnLocalRoom,
  waitFor,
} from '../../../support/localroom'
import { insertTestProcess, processGone, writeTestRobot } from '../../../support/localroom-test-robot'
import { runToExit } from '../../../support/run-to-exit'
import { tempDir } from '../../../support/temp-dir'
import { type RunningWebMode, startWebMode, WEB_MODE_SCRIPT } from '../../../support/web-mode'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {})
})
const track = <T extends { stop(): Promise<unknown> } | { close(): Promise<unknown> }>(owner: T): T => {
  cleanups.push(() => ('stop' in owner ? owner.stop() : owner.close()))
  return owner
}

const IN_USE_EXIT_CODE = 3

describe('a second local room on a live room’s data dir', () => {
  it('is refused naming the first one’s pid and URL, and leaves its run, robot and key alone', async () => {
    const dir = await tempDir('robodeck-lock-')
    const dataDir = join(dir, 'data')
    const robots = await writeTestRobot(dir)
    const first = track(await spawnLocalRoom({ dataDir, robotsDir: robots }))
    const { url, workspace_id: ws, api_key: key } = first.bootstrap
    const processId = insertTestProcess(dataDir, ws, 'Sleeper')
    const started = await callApi(url, 'POST', `/workspaces/${ws}/processes/${processId}/process-runs`, {
      key,
      body: { type: 'with_payloads', payloads: [{ mode: 'sleep', ms: 120_000, ticks: 5 }] },
    })
    const runPath = `/workspaces/${ws}/process-runs/${started.body.id}`
    const robotPid = await waitFor(async () => {
      const lines = await callApi(url, 'GET', `${runPath}/step-runs`, { key })
      const stepRunId = lines.body.data?.[0]?.id
      if (!stepRunId) return undefined
      const consoleLines = await callApi(
        url,
        'GET',
        `/workspaces/${ws}/step-runs/${stepRunId}/console-messages`,
        { key },
      )
      const pidLine = consoleLines.body.data?.find((line: { message: string }) =>
        line.message.startsWith('pid '),
      )
      return pidLine ? Number(pidLine.message.slice(4)) : undefined
    })

    const second = await runToExit([LOCALROOM_CLI, '--port', '0', '--data', dataDir, '--print-bootstrap'])
    expect(second.code).toBe(IN_USE_EXIT_CODE)
    expect(second.stdout).toBe('')
    expect(second.stderr).toContain(`the data dir ${dataDir} is in use by another local Control Room`)
    expect(second.stderr).toContain(`pid ${first.child.pid}`)
    expect(second.stderr).toContain(url)

    // Nothing of the first room's was taken for a crash's leftovers.
    expect((await callApi(url, 'GET', `/workspaces/${ws}`, { key })).status).toBe(200)
    expect((await callApi(url, 'GET', runPath, { key })).body.state).toBe('in_progress')
    expect(processGone(robotPid)).toBe(false)
    expect(first.stderr()).not.toContain('interrupted run')
    // The first room still runs it, to the end: a stop ends it as a stop, not as a crash's leftover.
    const stop = await callApi(url, 'POST', `${runPath}/stop`, {
      key,
      body: { terminate_ongoing_activity_runs: true, set_remaining_work_items_as_done: false },
    })
    expect(stop.body).toEqual({ accepted: true })
    const ended = await waitFor(
      async () => {
        const run = (await callApi(url, 'GET', runPath, { key })).body
        return run.state === 'in_progress' || run.state === 'stopping' ? undefined : run
      },
      { timeoutMs: 20_000 },
    )
    expect(ended.state).toBe('unresolved')
    const steps = await callApi(url, 'GET', `${runPath}/step-runs`, { key })
    expect(steps.body.data[0]).toMatchObject({ state: 'failed', error: { code: 'terminated' } })
  }, 90_000)

  it('starts once the first was killed with SIGKILL: the lock died with its process', {
    timeout: 60_000,
  }, async () => {
    const dataDir = join(await tempDir('robodeck-lock-'), 'data')
    const first = await spawnLocalRoom({ dataDir })
    await first.kill()
    // The holder file outlives a kill -9; it is only information, and the lock alone decides.
    expect(readLockHolder(dataDir)?.pid).toBe(first.child.pid)
    const next = track(await spawnLocalRoom({ dataDir }))
    expect(
      (
        await callApi(next.bootstrap.url, 'GET', `/workspaces/${next.bootstrap.workspace_id}`, {
          key: next.bootstrap.api_key,
        })
      ).status,
    ).toBe(200)
    expect(readLockHolder(dataDir)).toMatchObject({ pid: next.child.pid, url: next.bootstrap.url })
  })
})

describe('web mode on a data dir a room holds', () => {
  const refusal = (
    result: { code: number | null; stderr: string },
    holder: RunningWebMode | SpawnedLocalRoom,
    url: string,
  ) => {
    expect(result.code).toBe(IN_USE_EXIT_CODE)
    expect(result.stderr).toContain('in use by another local Control Room')
    expect(result.stderr).toContain(`pid ${holder.child.pid}`)
    expect(result.stderr).toContain(url)
  }

  // Generous timeouts: each web mode start builds a core and a room, slow on a loaded machine.
  it('refuses a second web mode and a CLI room on its data dir, and starts after a kill -9', {
    timeout: 120_000,
  }, async () => {
    const dataDir = await tempDir('robodeck-web-lock-')
    const first = await startWebMode({ dataDir })
    cleanups.push(() => first.stop())
    // Web mode logs its room's URL on stderr just after it prints its own on stdout.
    const url = await waitFor(() => /local Control Room at (\S+)\)/.exec(first.stderr())?.[1])
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/)

    const secondWeb = await runToExit([WEB_MODE_SCRIPT, '--data', dataDir, '--port', '0'], 30_000)
    refusal(secondWeb, first, url)
    expect(secondWeb.stdout).toBe('')
    const cli = await runToExit([LOCALROOM_CLI, '--port', '0', '--data', join(dataDir, 'localroom')])
    refusal(cli, first, url)
    // The first web mode still serves.
    expect((await fetch(`${first.origin}/`)).status).toBe(200)

    await first.kill()
    const next = await startWebMode({ dataDir })
    cleanups.push(() => next.stop())
    expect((await fetch(`${next.origin}/`)).status).toBe(200)
  })

  it('a web mode refuses a data dir whose room the CLI holds', { timeout: 60_000 }, async () => {
    const dataDir = await tempDir('robodeck-web-lock-')
    const room = track(await spawnLocalRoom({ dataDir: join(dataDir, 'localroom') }))
    const web = await runToExit([WEB_MODE_SCRIPT, '--data', dataDir, '--port', '0'], 30_000)
    refusal(web, room, room.bootstrap.url)
    expect(web.stderr).toContain('pass another --data')
  })
})

describe('two rooms in one process', () => {
  it('refuses the second with DataDirInUseError until the first has closed', async () => {
    const dataDir = await tempDir('robodeck-lock-')
    const first: LocalRoom = await startLocalRoom({ dataDir, issueBootstrapKey: true })
    let closed = false
    cleanups.push(async () => closed || first.close())
    const refused = await startLocalRoom({ dataDir, issueBootstrapKey: true }).then(
      (room) => room.close().then(() => undefined),
      (error: unknown) => error,
    )
    expect(refused).toBeInstanceOf(DataDirInUseError)
    expect((refused as DataDirInUseError).holder).toMatchObject({ pid: process.pid, url: first.url })
    expect((refused as Error).message).toContain(`pid ${process.pid}, this process, at ${first.url}`)
    // The first room's key survived the refused start.
    const key = first.bootstrap?.api_key as string
    expect((await callApi(first.url, 'GET', `/workspaces/${first.workspaceId}`, { key })).status).toBe(200)

    await first.close()
    closed = true
    const again = track(await startLocalRoom({ dataDir }))
    expect(again.url).toMatch(/^http:/)
  })

  it('says so when the holder file is missing or doctored, and never trusts it for the decision', async () => {
    const dataDir = await tempDir('robodeck-lock-')
    track(await startLocalRoom({ dataDir }))
    await writeFile(join(dataDir, HOLDER_FILE), '{"pid": 1, "url": "http://x\\u001b[2J"}')
    const error = await startLocalRoom({ dataDir }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DataDirInUseError)
    expect((error as Error).message).toContain('pid and URL are unknown')
    expect((error as Error).message).not.toContain('\u001b')
  })
})
