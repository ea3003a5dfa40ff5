/**
 * The room's permission matrix and fuzz suites (room-suites.ts), run against a room whose data dir
 * is a full tmpfs: answers may now include 507, but never a 500, and the room never crashes. Then
 * a valid write in each API, which must answer 507 while reads go on; the cause is logged once;
 * and once space returns the room writes again by itself. Needs root on Linux (tmpfs); skipped
 * elsewhere with the reason.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { signedRequest } from '../../../support/credential-client'
import { roomOnSmallDisk, tmpfs } from '../../../support/full-disk'
import { callApi, waitFor } from '../../../support/localroom'
import { inputFuzzSuite, permissionMatrixSuite, routeFuzzSuite } from '../../../support/room-suites'

const title = `the room's suites on a full disk${tmpfs.ok ? '' : ` (skipped: ${tmpfs.reason})`}`

describe.skipIf(!tmpfs.ok)(title, () => {
  const fixture = roomOnSmallDisk()
  const api = (method: string, path: string, body?: unknown) =>
    callApi(fixture.room.url, method, `/workspaces/${fixture.room.workspaceId}${path}`, {
      key: fixture.room.bootstrap?.api_key,
      body,
    })
  const legacy = (method: string, path: string, body?: unknown) =>
    callApi(`${fixture.room.origin}/process-v1`, method, `/workspaces/${fixture.room.workspaceId}${path}`, {
      key: fixture.room.bootstrap?.api_key,
      body,
    })
  const manage = (method: string, path: string, body?: unknown) =>
    signedRequest(
      fixture.room.origin,
      fixture.room.bootstrap?.user_credential as string,
      method,
      `/management-v1/workspaces/${fixture.room.workspaceId}${path}`,
      body,
    )

  /** What the writes below act on, made before the disk is filled. */
  const made = {} as { echo: string; run: string; item: string; webhook: string; asset: string }
  const startEcho = () =>
    api('POST', `/processes/${made.echo}/process-runs`, { type: 'with_payloads', payloads: [{}] })
  beforeAll(async () => {
    const processes = (await api('GET', '/processes')).body.data as { id: string; name: string }[]
    made.echo = processes.find((p) => p.name === 'Echo payload')?.id as string
    made.run = (await startEcho()).body.id
    await waitFor(async () => (await api('GET', `/process-runs/${made.run}`)).body.state === 'completed')
    made.item = (await api('POST', '/work-items', { process: { id: made.echo }, payload: { a: 1 } })).body.id
    made.webhook = (
      await api('POST', '/webhooks', {
        endpoint: 'https://hooks.example.com/robodeck',
        enabled_events: ['process_run.completed'],
        process: { id: made.echo },
      })
    ).body.id
    made.asset = (await api('POST', '/assets', { name: 'disk-full-asset' })).body.id
    expect(Object.values(made)).toEqual(Array(5).fill(expect.any(String)))
  })

  let filled = false
  /** Fills the disk once, and proves it: a write the room would accept answers 507. */
  const fill = async () => {
    if (filled) return
    fixture.disk.fill(fixture.dataDir)
    filled = true
    const refused = await startEcho()
    expect(refused.status).toBe(507)
    expect(refused.body.error).toMatchObject({ code: 'insufficient_storage' })
  }
  const options = { serverErrors: [507], ready: fill }

  // First: it makes its keys before the disk is filled.
  permissionMatrixSuite(fixture, options)
  routeFuzzSuite(fixture, options)
  inputFuzzSuite(fixture, options)

  describe('valid writes', () => {
    beforeAll(fill)
    it('answer 507 insufficient_storage in every API, never a 500, while reads go on', async () => {
      const writes = {
        startRun: await startEcho(),
        createItem: await api('POST', '/work-items', { process: { id: made.echo }, payload: { b: 2 } }),
        editItem: await api('PUT', `/work-items/${made.item}/payload`, { payload: { c: 3 } }),
        createWebhook: await api('POST', '/webhooks', {
          endpoint: 'https://hooks.example.com/other',
          enabled_events: ['process_run.completed'],
          process: { id: made.echo },
        }),
        deleteWebhook: await api('DELETE', `/webhooks/${made.webhook}`),
        createAsset: await api('POST', '/assets', { name: 'another-asset' }),
        deleteAsset: await api('DELETE', `/assets/${made.asset}`),
        deleteRun: await api('DELETE', `/process-runs/${made.run}`),
        legacyStart: await legacy('POST', `/processes/${made.echo}/runs`, { a: 1 }),
        createKey: await manage('POST', '/api-keys', {
          name: 'disk full',
          permissions: ['Processes.read_processes'],
        }),
      }
      const answers = Object.fromEntries(
        Object.entries(writes).map(([name, response]) => [
          name,
          [response.status, response.body?.error?.code],
        ]),
      )
      expect(answers).toEqual(
        Object.fromEntries(Object.keys(writes).map((name) => [name, [507, 'insufficient_storage']])),
      )
      // Key usage the disk refused is added from memory: no reason to fail a read.
      const keys = await manage('GET', '/api-keys?limit=100')
      expect(keys.status).toBe(200)
      const bootstrap = keys.body.data.find((key: { bootstrap: boolean }) => key.bootstrap)
      expect(bootstrap.request_count).toBeGreaterThan(0)
      // What the refused deletes would have removed is all still there.
      expect((await api('GET', `/process-runs/${made.run}`)).status).toBe(200)
      expect((await api('GET', `/webhooks/${made.webhook}`)).status).toBe(200)
    })
  })

  describe('after the suites', () => {
    it('logged the cause once and no internal error, and writes again once space returns', async () => {
      expect(filled).toBe(true)
      expect(fixture.logs.filter((line) => line.includes('the disk is full'))).toHaveLength(1)
      expect(fixture.logs.filter((line) => line.startsWith('error:'))).toEqual([])
      await fixture.disk.free()
      const started = await waitFor(async () => {
        const response = await startEcho()
        return response.status === 200 ? response : null
      })
      expect(started.body).toMatchObject({ id: expect.any(String) })
      await waitFor(() => fixture.logs.some((line) => line.includes('takes writes again')))
    })
  })
})
