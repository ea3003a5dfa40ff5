import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileKeyCipher, type SecretCipher } from '../../../../src/main/core/cipher'
import { openVault } from '../../../../src/main/core/vault'
import { tempDir } from '../../../support/temp-dir'

const SECRET = 'wskey-0123456789abcdef-secret-value'

describe('vault', () => {
  it('stores secrets encrypted and reads them back from a new instance', async () => {
    const dir = await tempDir()
    const cipher = createFileKeyCipher(join(dir, 'secrets.key'))
    await openVault(dir, cipher).set('connection/local/api-key', SECRET)

    const onDisk = await readFile(join(dir, 'secrets.json'), 'utf8')
    expect(onDisk).not.toContain(SECRET)
    expect(JSON.parse(onDisk)['connection/local/api-key'].backend).toBe('file_key')

    const reopened = openVault(dir, createFileKeyCipher(join(dir, 'secrets.key')))
    expect(await reopened.get('connection/local/api-key')).toBe(SECRET)
    expect(reopened.has('connection/local/api-key')).toBe(true)
    expect(await reopened.get('missing')).toBeUndefined()
  })

  it('keeps the key file private to the user', async () => {
    const dir = await tempDir()
    const keyFile = join(dir, 'secrets.key')
    await openVault(dir, createFileKeyCipher(keyFile)).set('a', 'b')
    const { stat } = await import('node:fs/promises')
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600)
  })

  it('refuses a secret written by another backend, with a message that does not contain it', async () => {
    const dir = await tempDir()
    await openVault(dir, createFileKeyCipher(join(dir, 'k'))).set('name', SECRET)
    const other: SecretCipher = {
      ...createFileKeyCipher(join(dir, 'k')),
      backend: async () => 'gnome_libsecret',
    }
    const error = await openVault(dir, other)
      .get('name')
      .catch((e: Error & { code: string }) => e)
    expect(error).toMatchObject({ code: 'secret_unavailable' })
    expect((error as Error).message).toMatch(/file_key.*gnome_libsecret/)
    expect((error as Error).message).not.toContain(SECRET)
  })

  it('reports a secret under another key as unavailable (a new machine), and marks it needed', async () => {
    const dir = await tempDir()
    const vault = openVault(dir, createFileKeyCipher(join(dir, 'k')))
    await vault.set('name', SECRET)
    const fresh = openVault(dir, createFileKeyCipher(join(await tempDir(), 'other-key')))
    expect(await fresh.state('name')).toBe('stored')
    await expect(fresh.get('name')).rejects.toMatchObject({ code: 'secret_unavailable' })
    expect(await fresh.state('name')).toBe('unreadable')
    await fresh.set('name', 'new value') // entering it again heals it
    expect(await fresh.state('name')).toBe('stored')
    expect(await fresh.get('name')).toBe('new value')
  })

  it('reports a corrupted ciphertext, or one of an unknown format, as unavailable', async () => {
    const dir = await tempDir()
    const cipher = createFileKeyCipher(join(dir, 'k'))
    await openVault(dir, cipher).set('flipped', SECRET)
    await openVault(dir, cipher).set('future', SECRET)
    const file = join(dir, 'secrets.json')
    const stored = JSON.parse(await readFile(file, 'utf8'))
    expect(stored.flipped.format).toBe(1)
    const bytes = Buffer.from(stored.flipped.ciphertext, 'base64')
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff
    stored.flipped.ciphertext = bytes.toString('base64')
    stored.future.format = 2
    await writeFile(file, JSON.stringify(stored))
    const vault = openVault(dir, cipher)
    for (const name of ['flipped', 'future']) {
      const error = await vault.get(name).catch((e) => e)
      expect(error).toMatchObject({ code: 'secret_unavailable' })
      expect(error.message).not.toContain(SECRET)
      expect(await vault.state(name)).toBe('unreadable')
    }
  })

  it('keeps secrets in memory only under basic_text, unless the person opted in', async () => {
    const dir = await tempDir()
    const basicText: SecretCipher = {
      ...createFileKeyCipher(join(dir, 'k')),
      backend: async () => 'basic_text',
    }
    const vault = openVault(dir, basicText)
    await vault.set('name', SECRET)
    expect(await vault.get('name')).toBe(SECRET)
    expect(await vault.state('name')).toBe('memory')
    expect(await vault.status()).toEqual({
      backend: 'basic_text',
      secure: false,
      memoryOnly: true,
      plainTextChoice: true,
    })
    const onDisk = await readFile(join(dir, 'secrets.json'), 'utf8').catch(() => '')
    expect(onDisk).not.toContain('name')
    expect(await openVault(dir, basicText).get('name')).toBeUndefined() // gone with the process

    let optedIn = true
    const consenting = openVault(dir, basicText, { allowPlainText: () => optedIn })
    await consenting.set('name', SECRET)
    expect(await consenting.state('name')).toBe('stored')
    expect(await openVault(dir, basicText, { allowPlainText: () => true }).get('name')).toBe(SECRET)
    optedIn = false
    expect((await consenting.status()).memoryOnly).toBe(true)
  })

  it('writes the secrets file only its owner can read', async () => {
    const dir = await tempDir()
    await openVault(dir, createFileKeyCipher(join(dir, 'k'))).set('a', SECRET)
    const { stat } = await import('node:fs/promises')
    expect((await stat(join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600)
  })

  it('re-encrypts when the backend asks for it', async () => {
    const dir = await tempDir()
    const base = createFileKeyCipher(join(dir, 'k'))
    let encryptions = 0
    const rotating: SecretCipher = {
      ...base,
      encrypt: async (plain) => {
        encryptions++
        return base.encrypt(plain)
      },
      decrypt: async (data) => ({ ...(await base.decrypt(data)), reEncrypt: true }),
    }
    const vault = openVault(dir, rotating)
    await vault.set('name', SECRET)
    const before = JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8')).name.ciphertext
    expect(await vault.get('name')).toBe(SECRET)
    const after = JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8')).name.ciphertext
    expect(encryptions).toBe(2)
    expect(after).not.toBe(before)
  })

  it('says the file-key backend is not secure storage', async () => {
    const dir = await tempDir()
    expect(await openVault(dir, createFileKeyCipher(join(dir, 'k'))).status()).toEqual({
      backend: 'file_key',
      secure: false,
      memoryOnly: false,
      // Not secure storage, but not basic_text either: there is no plain-text choice to offer.
      plainTextChoice: false,
    })
  })
})
