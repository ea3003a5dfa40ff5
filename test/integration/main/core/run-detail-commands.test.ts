/**
 * The run-detail commands through the core's dispatcher, on a real local Control Room with real
 * robots: steps, console (live, resumable), work items, artifacts read by main, stop, and the
 * permissions a key turns out to lack.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileKeyCipher } from '../../../../src/main/core/cipher'
import { type Core, createCore } from '../../../../src/main/core/core'
import { openConfSettingsFile } from '../../../../src/main/core/settings/conf-settings-file'
import { isFinalRunState } from '../../../../src/shared/runs'
import { signedRequest } from '../../../support/credential-client'
import { type SpawnedLocalRoom, spawnLocalRoom, waitFor } from '../../../support/localroom'
import { tempDir } from '../../../support/temp-dir'

let room: SpawnedLocalRoom | undefined
let core: Core | undefined

afterEach(async () => {
  await core?.close()
  await room?.stop()
  core = undefined
  room = undefined
})

async function coreOnLocalRoom() {
  room = await spawnLocalRoom()
  const dir = await tempDir()
  core = createCore({
    dataDir: dir,
    cipher: createFileKeyCipher(join(dir, 'secrets.key')),
    openSettingsFile: openConfSettingsFile,
    mode: 'web',
    version: 'test',
    pollIntervalMs: 100,
  })
  await core.connectLocalRoom(room.bootstrap)
  return { core, room }
}

async function launch(core: Core, name: string, payload?: unknown) {
  const { processes } = await core.handlers.processes.list({ connectionId: 'local' })
  const process = processes.find((p) => p.name === name)
  if (!process) throw new Error(`no process ${name}`)
  const { runId } = await core.handlers.processes.launch({
    connectionId: 'local',
    processId: process.id,
    ...(payload === undefined ? {} : { payload: payload as never }),
  })
  return runId
}

const finished = (core: Core, runId: string) =>
  waitFor(
    async () => {
      const detail = await core.handlers.runs.get({ connectionId: 'local', runId })
      return isFinalRunState(detail.run.state) ? detail : undefined
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  )

describe('run detail on a real local Control Room', () => {
  it('shows a finished run: its step, console, work items, and its CSV and PNG artifacts', async () => {
    const { core } = await coreOnLocalRoom()
    const runId = await launch(core, 'Sales report', {
      region: 'North',
      sales: [{ month: 'Jan', amount: 5 }],
    })
    const detail = await finished(core, runId)
    expect(detail.run).toMatchObject({
      id: runId,
      state: 'completed',
      processName: 'Sales report',
      // Started through the API with a key: the feed's "Started by" column reads it.
      startedBy: { type: 'api', user: null },
    })
    expect(detail.webUrl).toBeNull()
    expect(detail.stepRuns).toHaveLength(1)
    const [step] = detail.stepRuns
    expect(step).toMatchObject({ stepName: 'Sales report', state: 'completed', errorCode: null })

    const console = await core.handlers.runs.console({ connectionId: 'local', stepRunId: step?.id as string })
    expect(console.lines.map((l) => l.message).join('\n')).toContain(
      'Wrote sales-report.csv and sales-chart.png',
    )
    expect(console.more).toBe(false)
    const again = await core.handlers.runs.console({
      connectionId: 'local',
      stepRunId: step?.id as string,
      resume: console.resume as string,
    })
    expect(again.lines).toEqual([])

    const workItems = await core.handlers.runs.workItems({ connectionId: 'local', runId })
    expect(workItems.items[0]).toMatchObject({
      state: 'done',
      payload: { region: 'North', sales: [{ month: 'Jan', amount: 5 }] },
    })
    expect(workItems.outputs.length).toBeGreaterThan(0)

    const artifacts = await core.handlers.runs.artifacts({ connectionId: 'local', runId })
    const csv = artifacts.find((a) => a.name === 'sales-report.csv')
    const png = artifacts.find((a) => a.name === 'sales-chart.png')
    expect(csv && png).toBeTruthy()
    const table = await core.handlers.runs.artifact({
      connectionId: 'local',
      stepRunId: csv?.stepRunId as string,
      artifactId: csv?.id as string,
      purpose: 'preview',
    })
    expect(table).toMatchObject({ kind: 'csv', encoding: 'utf8', truncated: false, size: csv?.size })
    expect(table.content.split('\r\n')[0]).toBe('region,month,amount,share_percent')
    const image = await core.handlers.runs.artifact({
      connectionId: 'local',
      stepRunId: png?.stepRunId as string,
      artifactId: png?.id as string,
      purpose: 'preview',
    })
    expect(image).toMatchObject({ kind: 'image', mediaType: 'image/png', encoding: 'base64' })
    expect(Buffer.from(image.content, 'base64').subarray(1, 4).toString()).toBe('PNG')
    const saved = await core.handlers.runs.artifact({
      connectionId: 'local',
      stepRunId: csv?.stepRunId as string,
      artifactId: csv?.id as string,
      purpose: 'save',
    })
    expect(saved.encoding).toBe('base64')
    expect(Buffer.from(saved.content, 'base64').toString('utf8')).toBe(table.content)
    // The signed link stays in main: nothing the renderer gets holds one.
    expect(JSON.stringify([detail, artifacts, table, saved])).not.toMatch(/\/files\/artifacts|signature|sig=/)
  })

  it('tails a running step and stops the run with Control Room’s options', async () => {
    const { core } = await coreOnLocalRoom()
    const runId = await launch(core, 'Long job', { seconds: 60 })
    const stepRunId = await waitFor(
      async () => {
        const detail = await core.handlers.runs.get({ connectionId: 'local', runId })
        return detail.stepRuns[0]?.state === 'in_progress' ? detail.stepRuns[0].id : undefined
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    )
    const first = await waitFor(
      async () => {
        const page = await core.handlers.runs.console({ connectionId: 'local', stepRunId })
        return page.lines.some((l) => l.message.startsWith('Progress')) ? page : undefined
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    )
    const later = await waitFor(
      async () => {
        const page = await core.handlers.runs.console({
          connectionId: 'local',
          stepRunId,
          resume: first.resume as string,
        })
        return page.lines.length > 0 ? page : undefined
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    )
    // Only new lines: none of the first read repeats.
    const seen = new Set(first.lines.map((l) => `${l.timestamp} ${l.message}`))
    expect(later.lines.some((l) => seen.has(`${l.timestamp} ${l.message}`))).toBe(false)

    const stop = await core.handlers.runs.stop({
      connectionId: 'local',
      runId,
      setRemainingWorkItemsAsDone: false,
      terminateOngoingActivityRuns: true,
    })
    expect(stop).toEqual({ accepted: true })
    const detail = await finished(core, runId)
    expect(detail.run.state).toBe('unresolved')
    const all = await core.handlers.runs.console({ connectionId: 'local', stepRunId })
    expect(all.lines.map((l) => l.message).join('\n')).toMatch(/Stopping at \d+\/60/)
  })

  it('says which permission a key lacks, and remembers it for the window', async () => {
    const { core, room } = await coreOnLocalRoom()
    const runId = await launch(core, 'Echo payload', { hello: 1 })
    await finished(core, runId)
    const created = await signedRequest(
      room.bootstrap.url.replace(/\/api\/v1$/, ''),
      room.bootstrap.user_credential as string,
      'POST',
      `/management-v1/workspaces/${room.bootstrap.workspace_id}/api-keys`,
      { name: 'read only', permissions: ['Processes.read_processes', 'Processes.read_runs'] },
    )
    expect(created.status).toBeLessThan(300)
    await core.connections.save({
      id: 'limited',
      name: 'Limited key',
      kind: 'cloud',
      apiUrl: room.bootstrap.url,
      workspaceId: room.bootstrap.workspace_id,
      apiKey: created.body.value,
    })
    const detail = await core.handlers.runs.get({ connectionId: 'limited', runId })
    // A cloud connection links to Control Room's web UI.
    expect(detail.webUrl).toBe(
      `${new URL(room.bootstrap.url).origin}/workspaces/${room.bootstrap.workspace_id}/processes/${detail.run.processId}/runs/${runId}`,
    )
    const artifacts = await core.dispatch('runs.artifacts', { connectionId: 'limited', runId })
    expect(artifacts).toMatchObject({
      ok: false,
      error: { code: 'missing_permission', message: expect.stringContaining('Processes.read_run_outputs') },
    })
    const stop = await core.dispatch('runs.stop', {
      connectionId: 'limited',
      runId,
      setRemainingWorkItemsAsDone: true,
      terminateOngoingActivityRuns: true,
    })
    expect(stop).toMatchObject({ ok: false, error: { code: 'missing_permission' } })
    const summary = (await core.handlers.connections.list({})).find((c) => c.id === 'limited')
    expect(summary?.permissions.denied).toEqual(
      expect.arrayContaining(['Processes.read_run_outputs', 'Processes.trigger_processes']),
    )
    expect(summary?.permissions.granted).toContain('Processes.read_processes')

    const badResume = await core.dispatch('runs.console', {
      connectionId: 'local',
      stepRunId: detail.stepRuns[0]?.id,
      resume: 'not-a-position',
    })
    expect(badResume).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })
})
