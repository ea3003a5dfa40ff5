/**
 * Giving a workspace connection a new API key through web mode's HTTP bridge, against a second real
 * local room standing in for a Control Room workspace: a new valid key is checked and kept, its
 * permissions found again; a wrong key is refused and changes nothing; a key the vault can no longer
 * decrypt ("key needed") is entered again and the connection syncs at once. No answer and no log
 * line ever carries a key.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../../support/localroom'
import { roomFixture } from '../../../support/room-fixture'
import { webBridge } from '../../../support/web-bridge'
import { type RunningWebMode, startWebMode } from '../../../support/web-mode'

const room = roomFixture({ mode: 'in-process' })
let web: RunningWebMode | undefined
let keptDataDir: string | undefined
afterEach(async () => {
  await web?.stop()
  web = undefined
  if (keptDataDir) await rm(keptDataDir, { recursive: true, force: true })
  keptDataDir = undefined
})

const BOTH_READS = ['Processes.read_processes', 'Processes.read_runs'] as const

/** Adds the room as a cloud workspace with its bootstrap key; answers the connection's id. */
async function addRoom(call: ReturnType<typeof webBridge>['call']): Promise<string> {
  const added = await call('connections.add', {
    apiUrl: room.url,
    workspaceId: room.ws(),
    apiKey: room.key(),
  })
  expect(added.ok, JSON.stringify(added)).toBe(true)
  return added.value.id as string
}

const statusOf = async (call: ReturnType<typeof webBridge>['call'], id: string) =>
  (await call('connections.status')).value.find((s: { connectionId: string }) => s.connectionId === id)

describe('connections.setKey through web mode', () => {
  it('replaces the key after checking it; a wrong key changes nothing', { timeout: 60_000 }, async () => {
    web = await startWebMode()
    const { call, answers } = webBridge(web)
    const id = await addRoom(call)
    const processesOnly = await room.makeKey(['Processes.read_processes'], 'processes only')

    const wrong = await call('connections.setKey', { connectionId: id, apiKey: 'not-the-key-0000' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'key_rejected', status: 401 } })
    const unchanged = (await call('connections.list')).value.find((c: { id: string }) => c.id === id)
    expect(unchanged).toMatchObject({ keySuffix: room.key().slice(-4), keyState: 'stored' })
    // The old key is still the one used.
    expect((await call('runs.list', { connectionId: id })).value.failures).toEqual([])

    const replaced = await call('connections.setKey', { connectionId: id, apiKey: processesOnly })
    expect(replaced.ok, JSON.stringify(replaced)).toBe(true)
    expect(replaced.value).toMatchObject({
      id,
      keySuffix: processesOnly.slice(-4),
      keyState: 'stored',
      permissions: { granted: ['Processes.read_processes'], denied: ['Processes.read_runs'] },
    })
    // The new key is the one used now: it may not read runs.
    const runs = await call('runs.list', { connectionId: id })
    expect(runs.value.failures).toMatchObject([{ connectionId: id, code: 'missing_permission' }])

    expect(await call('connections.setKey', { connectionId: 'local', apiKey: room.key() })).toMatchObject({
      ok: false,
      error: { code: 'local_connection' },
    })
    expect(await call('connections.setKey', { connectionId: id, apiKey: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    })

    for (const answer of answers)
      for (const secret of [room.key(), processesOnly, 'not-the-key-0000'])
        expect(answer).not.toContain(secret)
    for (const secret of [room.key(), processesOnly, 'not-the-key-0000'])
      expect(web.stderr()).not.toContain(secret)
  })

  it('a key the vault cannot decrypt is entered again and the connection syncs', {
    timeout: 90_000,
  }, async () => {
    keptDataDir = await mkdtemp(join(tmpdir(), 'robodeck-setkey-'))
    web = await startWebMode({ dataDir: keptDataDir })
    const id = await addRoom(webBridge(web).call)
    await web.stop()

    // The stored key damaged (as after a keychain reset): it no longer decrypts.
    const vaultFile = join(keptDataDir, 'app', 'secrets.json')
    const vault = JSON.parse(await readFile(vaultFile, 'utf8'))
    vault[`connection/${id}/api-key`].ciphertext = Buffer.from('damaged').toString('base64')
    await writeFile(vaultFile, JSON.stringify(vault))

    // A slow pace: after its first failed look the watcher would not look again for a minute, so a
    // sync within seconds is setKey's doing.
    web = await startWebMode({ dataDir: keptDataDir, pollMs: 30_000 })
    const { call, answers } = webBridge(web)
    await waitFor(async () => (await statusOf(call, id))?.health === 'key_needed' || undefined, {
      timeoutMs: 20_000,
    })
    const needed = (await call('connections.list')).value.find((c: { id: string }) => c.id === id)
    expect(needed.keyState).toBe('needed')

    const fullKey = await room.makeKey(BOTH_READS, 'entered again')
    const entered = await call('connections.setKey', { connectionId: id, apiKey: fullKey })
    expect(entered.ok, JSON.stringify(entered)).toBe(true)
    expect(entered.value).toMatchObject({
      keyState: 'stored',
      keySuffix: fullKey.slice(-4),
      permissions: { granted: [...BOTH_READS], denied: [] },
    })
    // Synced at once, not after the watcher's backoff.
    await waitFor(async () => (await statusOf(call, id))?.health === 'ok' || undefined, {
      timeoutMs: 5_000,
    })

    for (const answer of answers) expect(answer).not.toContain(fullKey)
    expect(web.stderr()).not.toContain(fullKey)
  })
})
