/**
 * The legacy routes a receiver calls back after a robot_run_event END, and the rest of what
 * rpaframework's RPA.Robocorp.Process calls, through a client that follows the library's shapes
 * (test/support/legacy-process-client.ts) against a real room running real robots.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalRoom, startLocalRoom } from '../../../../../src/localroom/server'
import { signedRequest } from '../../../../support/credential-client'
import { LegacyProcessClient } from '../../../../support/legacy-process-client'
import { waitFor } from '../../../../support/localroom'
import { insertTestProcess, writeTestRobot } from '../../../../support/localroom-test-robot'
import { startReceiver, type WebhookReceiver } from '../../../../support/webhook-receiver'

let dir: string
let room: LocalRoom
let processId: string
let client: LegacyProcessClient
let hooks: WebhookReceiver

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-legacy-callbacks-'))
  const robotsDir = await writeTestRobot(dir)
  room = await startLocalRoom({ dataDir: join(dir, 'data'), robotsDir, issueBootstrapKey: true })
  processId = insertTestProcess(join(dir, 'data'), room.workspaceId, 'Legacy callbacks')
  client = new LegacyProcessClient(
    `${room.origin}/process-v1`,
    room.workspaceId,
    processId,
    room.bootstrap?.api_key as string,
  )
  hooks = await startReceiver()
})

afterAll(async () => {
  await room?.close()
  await hooks?.close()
  await rm(dir, { recursive: true, force: true })
})

async function untilCompl(runId: string) {
  return waitFor(async () => {
    const run = (await client.getProcessRunStatus(runId)) as { state: string }
    return run.state === 'COMPL' ? run : undefined
  })
}

describe('legacy Process API, as RPA.Robocorp.Process calls it', () => {
  it('answers a receiver reacting to robot_run_event END: the step run, its artifacts, a keyless download link', async () => {
    const hook = await signedRequest(
      room.origin,
      room.bootstrap?.user_credential as string,
      'POST',
      `/management-v1/workspaces/${room.workspaceId}/webhooks`,
      { endpoint: hooks.url, enabled_events: ['robot_run_event'] },
    )
    expect(hook.status).toBe(200)
    const started = (await client.startProcess({ mode: 'artifact' })) as { id: string }
    await untilCompl(started.id)
    const end = await waitFor(() => hooks.deliveries.find((d) => d.body.action === 'END'))
    // What the official example receiver reads from the event, then asks the API for.
    const { processRunId, robotRunId } = end.body.payload as { processRunId: string; robotRunId: string }
    expect(processRunId).toBe(started.id)

    const robotRun = await client.getProcessRunStatus(processRunId, robotRunId)
    expect(robotRun).toMatchObject({
      id: robotRunId,
      state: 'COMPL',
      result: 'OK',
      errorCode: null,
      processRunId,
      processId,
      workspaceId: room.workspaceId,
      activityName: 'Step 1',
      duration: expect.any(Number),
    })
    const artifacts = await client.listRunArtifacts(processRunId, robotRunId)
    expect(artifacts.map((a) => [a.fileName, a.fileSize]).sort()).toEqual([
      ['report.txt', 11],
      ['sub/data.json', 7],
    ])
    for (const artifact of artifacts) {
      const url = await client.getRobotRunArtifact(processRunId, robotRunId, artifact.id, artifact.fileName)
      expect(typeof url).toBe('string')
      expect(url).not.toContain(room.bootstrap?.api_key as string)
      // No key: the link is the credential.
      const download = await fetch(url)
      expect(download.status).toBe(200)
      const content = await download.text()
      expect(content).toBe(artifact.fileName === 'report.txt' ? 'report body' : '{"a":1}')
    }
    // The whole path must name one thing: another run, step run or file name is a 404.
    const report = artifacts.find((a) => a.fileName === 'report.txt') as { id: string }
    await expect(
      client.getRobotRunArtifact(processRunId, robotRunId, report.id, 'other.txt'),
    ).rejects.toThrow(/HTTP 404/)
    await expect(client.getProcessRunStatus(processRunId, 'no-such-step-run')).rejects.toThrow(/HTTP 404/)
    const other = (await client.startProcess({ n: 2 })) as { id: string }
    await untilCompl(other.id)
    await expect(client.listRunArtifacts(other.id, robotRunId)).rejects.toThrow(/HTTP 404/)
  })

  it('creates input items with files, starts them with run-request, lists and retries them', async () => {
    const itemId = await client.createInputWorkItem({ fname: 'Mark' }, [
      { name: 'workdata.csv', content: Buffer.from('a,b\n1,2\n') },
    ])
    const item = (await client.getWorkItem(itemId, true)) as Record<string, unknown>
    expect(item).toMatchObject({
      id: itemId,
      state: 'NEW',
      processId,
      processName: 'Legacy callbacks',
      processRunId: null,
      payload: { fname: 'Mark' },
      files: [{ fileName: 'workdata.csv', fileSize: 8 }],
    })
    expect(await client.listProcessWorkItems(false, 'new')).toContainEqual(
      expect.objectContaining({ id: itemId }),
    )

    const answer = await client.startConfiguredProcess('workItemIds', itemId)
    const runId = (JSON.parse(answer) as { id: string }).id
    await untilCompl(runId)
    const runItems = (await client.listProcessRunWorkItems(runId, true)) as {
      id: string
      state: string
      payload: unknown
    }[]
    expect(runItems).toEqual([
      expect.objectContaining({ id: itemId, state: 'COMPLETED', payload: { fname: 'Mark' } }),
    ])

    // A failed item (the robot releases it FAILED) is retried.
    const failedRun = (await client.startProcess({ mode: 'release', code: 'INVALID' })) as {
      id: string
      workItemIds: string[]
    }
    await untilCompl(failedRun.id)
    const failedId = failedRun.workItemIds[0] as string
    const failed = (await client.listProcessWorkItems(false, 'FAILED')) as unknown as {
      id: string
      exception: unknown
    }[]
    expect(failed.find((i) => i.id === failedId)?.exception).toMatchObject({
      type: 'BUSINESS',
      code: 'INVALID',
    })
    const retried = await client.retryWorkItem(failedId)
    expect(retried).toEqual({ status: 200, body: { id: failedId, state: expect.any(String) } })
    expect((await client.retryWorkItem(itemId)).status).toBe(409)

    const defaultStart = await client.startConfiguredProcess('default')
    expect(JSON.parse(defaultStart)).toEqual({ id: expect.any(String) })
  })

  it('lists processes and runs, in the workspace and per process', async () => {
    const processes = (await client.listProcesses()) as { id: string; name: string }[]
    expect(processes).toContainEqual(expect.objectContaining({ id: processId, name: 'Legacy callbacks' }))
    const inWorkspace = (await client.listProcessRunsInWorkspace(2)) as { id: string; state: string }[]
    expect(inWorkspace).toHaveLength(2)
    const ofProcess = (await client.listProcessRuns(2)) as { id: string }[]
    expect(ofProcess.map((r) => r.id)).toEqual(inWorkspace.map((r) => r.id))
  })
})
