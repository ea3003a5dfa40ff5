/**
 * The room's permission matrix and fuzz suites (room-suites.ts), run against a room whose data dir
 * is a full tmpfs: answers may now include 507, but never a 500, and the room never crashes. Then
 * a valid write in each API, which must answer 507 while reads go on; the cause is logged once;
 * and once space returns the room writes again by itself. Needs root on Linux (tmpfs); skipped
 * elsewhere with the reason.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { roomOnSmallDisk, tmpfs } from '../../../support/full-disk'
import { callApi, waitFor } from '../../../support/localroom'
import { inputFuzzSuite, permissionMatrixSuite, routeFuzzSuite } from '../../../support/room-suites'

const title = `the room's suites on a full disk${tmpfs.ok ? '' : ` (skipped: ${tmpfs.reason})`}`

describe.skipIf(!tmpfs.ok)(title, () => {
  const small = roomOnSmallDisk()
  const { fixture } = small
  const { wsApi } = fixture
  const legacy = (method: string, path: string, body?: unknown) =>
    callApi(`${fixture.origin}/process-v1`, method, `/workspaces/${fixture.ws()}${path}`, {
      key: fixture.key(),
      body,
    })
  const manage = (method: string, path: string, body?: unknown) =>
    fixture.manage(method, `/workspaces/${fixture.ws()}${path}`, body)

  /** What the writes below act on, made before the disk is filled. */
  const made = {} as { echo: string; run: string; item: string; webhook: string; asset: string }
  const startEcho = () =>
    wsApi('POST', `/processes/${made.echo}/process-runs`, { body: { type: 'with_payloads', payloads: [{}] } })
  beforeAll(async () => {
    const processes = (await wsApi('GET', '/processes')).body.data as { id: string; name: string }[]
    made.echo = processes.find((p) => p.name === 'Echo payload')?.id as string
    made.run = (await startEcho()).body.id
    expect((await fixture.waitForRunEnd(made.run)).state).toBe('completed')
    made.item = (
      await wsApi('POST', '/work-items', { body: { process: { id: made.echo }, payload: { a: 1 } } })
    ).body.id
    made.webhook = (
      await wsApi('POST', '/webhooks', {
        body: {
          endpoint: 'https://hooks.example.com/robodeck',
          enabled_events: ['process_run.completed'],
          process: { id: made.echo },
        },
      })
    ).body.id
    made.asset = (await wsApi('POST', '/assets', { body: { name: 'disk-full-asset' } })).body.id
    expect(Object.values(made)).toEqual(Array(5).fill(expect.any(String)))
  })

  let filled = false
  /** Fills the disk once, and proves it: a write the room would accept answers 507. */
  const fill = async () => {
    if (filled) return
    small.disk.fill(fixture.dataDir)
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
        createItem: await wsApi('POST', '/work-items', {
          body: { process: { id: made.echo }, payload: { b: 2 } },
        }),
        editItem: await wsApi('PUT', `/work-items/${made.item}/payload`, { body: { payload: { c: 3 } } }),
        createWebhook: await wsApi('POST', '/webhooks', {
          body: {
            endpoint: 'https://hooks.example.com/other',
            enabled_events: ['process_run.completed'],
            process: { id: made.echo },
          },
        }),
        deleteWebhook: await wsApi('DELETE', `/webhooks/${made.webhook}`),
        createAsset: await wsApi('POST', '/assets', { body: { name: 'another-asset' } }),
        deleteAsset: await wsApi('DELETE', `/assets/${made.asset}`),
        deleteRun: await wsApi('DELETE', `/process-runs/${made.run}`),
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
      expect((await wsApi('GET', `/process-runs/${made.run}`)).status).toBe(200)
      expect((await wsApi('GET', `/webhooks/${made.webhook}`)).status).toBe(200)
    })
  })

  describe('after the suites', () => {
    it('logged the cause once and no internal error, and writes again once space returns', async () => {
      expect(filled).toBe(true)
      expect(small.logs.filter((line) => line.includes('the disk is full'))).toHaveLength(1)
      expect(small.logs.filter((line) => line.startsWith('error:'))).toEqual([])
      await small.disk.free()
      const started = await waitFor(async () => {
        const response = await startEcho()
        return response.status === 200 ? response : null
      })
      expect(started.body).toMatchObject({ id: expect.any(String) })
      await waitFor(() => small.logs.some((line) => line.includes('takes writes again')))
    })
  })
})
