/**
 * Nothing written is lost when the room is killed: keys, runs, work items and run outputs written
 * before a kill -9 of the local room process are all there, unchanged, after it starts again.
 */
import { describe, expect, it } from 'vitest'
import { roomFixture } from '../../../support/room-fixture'

const fixture = roomFixture({ mode: 'spawned' })
const { wsApi } = fixture

describe('local room after kill -9', () => {
  it('keeps keys, runs, work items and outputs', async () => {
    const bootstrapKey = fixture.key()

    // A key made through the management API, with one permission.
    const integrationKey = await fixture.makeKey(['Processes.read_runs'], 'integration')
    expect(typeof integrationKey).toBe('string')

    // A finished run with outputs, and a work item waiting in the process's input queue.
    const processId = (await wsApi('GET', '/processes')).body.data[0].id
    const started = await wsApi('POST', `/processes/${processId}/process-runs`, {
      body: { type: 'with_payloads', payloads: [{ order: 1 }, { order: 2 }] },
    })
    const runId: string = started.body.id
    expect((await fixture.waitForRunEnd(runId)).state).toBe('completed')
    const queued = await wsApi('POST', '/work-items', {
      body: { process: { id: processId }, payload: { queued: true } },
    })
    expect(queued.status).toBe(200)

    const saved = async () => ({
      run: (await wsApi('GET', `/process-runs/${runId}`)).body,
      outputs: (await wsApi('GET', `/process-runs/${runId}/outputs`)).body.data,
      item: (await wsApi('GET', `/work-items/${queued.body.id}`)).body,
    })
    const before = await saved()
    expect(before.outputs.map((o: { payload: unknown }) => o.payload)).toEqual(
      expect.arrayContaining([{ order: 1 }, { order: 2 }]),
    )

    await fixture.process.kill()
    await fixture.restart()
    expect(fixture.key()).not.toBe(bootstrapKey)
    expect((await wsApi('GET', '', { key: bootstrapKey })).status).toBe(401)

    // The integration key still works, with exactly its permission.
    const runs = await wsApi('GET', '/process-runs', { key: integrationKey })
    expect(runs.status).toBe(200)
    expect(runs.body.data.map((r: { id: string }) => r.id)).toContain(runId)
    expect((await wsApi('GET', '/processes', { key: integrationKey })).status).toBe(403)

    expect(await saved()).toEqual(before)
  })
})
