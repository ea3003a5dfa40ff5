/**
 * Managing Control Room connections through web mode's HTTP bridge, against a second real local
 * room standing in for a Control Room workspace: add (the key checked, the workspace's name read,
 * read permissions found), rename, mark production, link a user access credential (verified by a
 * signed request), remove. No answer ever carries the key or the credential.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { roomFixture } from '../../../support/room-fixture'
import { webBridge } from '../../../support/web-bridge'
import { type RunningWebMode, startWebMode } from '../../../support/web-mode'

const state = roomFixture({ mode: 'in-process' })
let web: RunningWebMode | undefined
afterEach(async () => {
  await web?.stop()
  web = undefined
})

describe('connections through web mode', () => {
  it('adds, renames, marks, links and removes a Control Room workspace', { timeout: 60_000 }, async () => {
    const bootstrap = state.room.bootstrap
    if (!bootstrap?.user_credential) throw new Error('the room issued no bootstrap key')
    web = await startWebMode()
    const { call, answers } = webBridge(web)

    const insecure = await call('connections.add', {
      apiUrl: 'http://cloud.example.com/api/v1',
      workspaceId: bootstrap.workspace_id,
      apiKey: bootstrap.api_key,
    })
    expect(insecure).toMatchObject({ ok: false, error: { code: 'insecure_url' } })
    const wrongKey = await call('connections.add', {
      apiUrl: bootstrap.url,
      workspaceId: bootstrap.workspace_id,
      apiKey: 'not-the-key',
    })
    expect(wrongKey).toMatchObject({ ok: false, error: { code: 'key_rejected', status: 401 } })

    const added = await call('connections.add', {
      apiUrl: bootstrap.url,
      workspaceId: bootstrap.workspace_id,
      apiKey: bootstrap.api_key,
      production: true,
    })
    expect(added.ok, JSON.stringify(added)).toBe(true)
    const id = added.value.id as string
    expect(added.value).toMatchObject({
      kind: 'cloud',
      workspaceId: bootstrap.workspace_id,
      keySuffix: bootstrap.api_key.slice(-4),
      keyState: 'stored',
      production: true,
      permissions: { granted: ['Processes.read_processes', 'Processes.read_runs'], denied: [] },
      credentialUser: null,
    })
    expect(added.value.name.length).toBeGreaterThan(0)

    expect((await call('connections.rename', { connectionId: id, name: 'Finance prod' })).value.name).toBe(
      'Finance prod',
    )
    expect(
      (await call('connections.setProduction', { connectionId: id, production: false })).value.production,
    ).toBe(false)
    const badCredential = await call('connections.linkCredential', { connectionId: id, credential: 'nope' })
    expect(badCredential).toMatchObject({ ok: false, error: { code: 'invalid_credential' } })
    const linked = await call('connections.linkCredential', {
      connectionId: id,
      credential: bootstrap.user_credential,
    })
    expect(linked.ok, JSON.stringify(linked)).toBe(true)
    expect(linked.value.credentialUser).toEqual(expect.any(String))

    const processes = await call('processes.list', { connectionId: id })
    expect(processes.value.processes.length).toBeGreaterThan(0)
    const status = await call('connections.status')
    expect(status.value.map((s: { connectionId: string }) => s.connectionId)).toContain(id)

    expect(await call('connections.remove', { connectionId: 'local' })).toMatchObject({
      ok: false,
      error: { code: 'local_connection' },
    })
    expect(await call('connections.remove', { connectionId: id })).toEqual({ ok: true, value: {} })
    const list = await call('connections.list')
    expect(list.value.map((c: { id: string }) => c.id)).toEqual(['local'])

    const secret = bootstrap.user_credential.split(':')[1] as string
    for (const answer of answers) {
      expect(answer).not.toContain(bootstrap.api_key)
      expect(answer).not.toContain(secret)
    }
    expect(web.stderr()).not.toContain(bootstrap.api_key)
  })
})
