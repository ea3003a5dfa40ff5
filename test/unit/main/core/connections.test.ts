/**
 * The local room's key and credential are held in memory: the app starts and works when the OS
 * keychain refuses (locked, denied, missing), and the vault gets a copy only when it can take one.
 * Real vault and settings files; the cipher is the one thing made to fail.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createFileKeyCipher, type SecretCipher } from '../../../../src/main/core/cipher'
import { openConnections } from '../../../../src/main/core/connections'
import { openConfSettingsFile } from '../../../../src/main/core/settings/conf-settings-file'
import { openSettings } from '../../../../src/main/core/settings/settings'
import { openVault } from '../../../../src/main/core/vault'
import { tempDir } from '../../../support/temp-dir'

const KEY = 'local-room-key-0123456789abcdef'
const CREDENTIAL = 'cred-id:0123456789abcdef'

const local = {
  id: 'local',
  name: 'Local Control Room',
  kind: 'local' as const,
  apiUrl: 'http://127.0.0.1:4123/api/v1',
  workspaceId: 'w',
  apiKey: KEY,
  userCredential: CREDENTIAL,
}

/** A keychain that says no, as a denied macOS prompt or a locked keyring does. */
const refusingCipher = (dir: string): SecretCipher => ({
  ...createFileKeyCipher(join(dir, 'k')),
  encrypt: async () => {
    throw new Error('The operating system offers no encryption for secrets right now.')
  },
})

async function open(dir: string, cipher: SecretCipher) {
  const settings = openSettings(dir, openConfSettingsFile, () => {})
  const failures: unknown[] = []
  const connections = openConnections(settings, openVault(dir, cipher), (error) => failures.push(error))
  return { connections, failures }
}

describe('connections: secrets held in memory', () => {
  it('work without the keychain; the failure to copy them is logged once, without them', async () => {
    const dir = await tempDir()
    const { connections, failures } = await open(dir, refusingCipher(dir))
    await connections.save(local, { secretsInMemory: true })
    expect(await connections.apiKey('local')).toBe(KEY)
    expect(await connections.userCredential('local')).toBe(CREDENTIAL)
    expect(connections.list()).toEqual([expect.objectContaining({ id: 'local', keySuffix: 'cdef' })])
    await connections.whenStored()
    expect(failures).toHaveLength(1)
    expect(String(failures[0])).not.toContain(KEY)
    // Nothing secret reached a file.
    const settingsFile = await readFile(join(dir, 'settings.json'), 'utf8')
    expect(settingsFile).not.toContain(KEY)
    await expect(readFile(join(dir, 'secrets.json'), 'utf8')).rejects.toThrow(/ENOENT/)
  })

  it('are copied to the vault when it can take them, for a later start', async () => {
    const dir = await tempDir()
    const cipher = createFileKeyCipher(join(dir, 'k'))
    const { connections, failures } = await open(dir, cipher)
    await connections.save(local, { secretsInMemory: true })
    await connections.whenStored()
    expect(failures).toEqual([])
    const later = await open(dir, cipher)
    expect(await later.connections.apiKey('local')).toBe(KEY)
    expect(await later.connections.userCredential('local')).toBe(CREDENTIAL)
  })

  it('do not wait for the keychain (a prompt the user has not answered yet)', async () => {
    const dir = await tempDir()
    const encrypt = vi.fn(() => new Promise<Buffer>(() => {}))
    const { connections } = await open(dir, { ...createFileKeyCipher(join(dir, 'k')), encrypt })
    await connections.save(local, { secretsInMemory: true })
    expect(await connections.apiKey('local')).toBe(KEY)
    expect(encrypt).toHaveBeenCalled()
  })

  it('give way to secrets saved the ordinary way, which must go through the vault', async () => {
    const dir = await tempDir()
    const { connections } = await open(dir, refusingCipher(dir))
    await connections.save(local, { secretsInMemory: true })
    await expect(connections.save({ ...local, apiKey: 'entered-by-the-user' })).rejects.toThrow(
      /no encryption/,
    )
    const ok = await open(dir, createFileKeyCipher(join(dir, 'k2')))
    await ok.connections.save(local, { secretsInMemory: true })
    await ok.connections.save({ ...local, apiKey: 'entered-by-the-user', userCredential: undefined })
    expect(await ok.connections.apiKey('local')).toBe('entered-by-the-user')
    expect(await ok.connections.userCredential('local')).toBeUndefined()
  })
})
