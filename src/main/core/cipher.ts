/**
 * What the vault encrypts with. In the desktop app this is Electron's safeStorage (the adapter in
 * desktop/safe-storage-cipher.ts); under plain Node (web mode, tests) it is the key-file cipher below.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { makePrivateDir, writePrivateFile } from '../../platform/private-fs'

export interface SecretCipher {
  /** The backend's name as recorded beside each secret (gnome_libsecret, keychain, basic_text, file_key...). */
  backend(): Promise<string>
  /** False where the backend only obfuscates (Linux basic_text, a key file next to the data). */
  isSecure(): Promise<boolean>
  encrypt(plain: string): Promise<Buffer>
  /** `reEncrypt` asks the vault to store a fresh ciphertext (the backend rotated its key). */
  decrypt(encrypted: Buffer): Promise<{ plain: string; reEncrypt: boolean }>
}

const FILE_KEY_BACKEND = 'file_key'
const IV_BYTES = 12
const TAG_BYTES = 16

/**
 * AES-256-GCM with a random key kept in a 0600 file. It stops casual reading of the secrets file,
 * not a process running as the same user, so it reports itself as not secure.
 */
export function createFileKeyCipher(keyFile: string): SecretCipher {
  let key: Promise<Buffer> | undefined
  const loadKey = () => {
    key ??= readOrCreateKey(keyFile)
    return key
  }
  return {
    backend: async () => FILE_KEY_BACKEND,
    isSecure: async () => false,
    async encrypt(plain) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', await loadKey(), iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    async decrypt(encrypted) {
      if (encrypted.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext is too short')
      const decipher = createDecipheriv('aes-256-gcm', await loadKey(), encrypted.subarray(0, IV_BYTES))
      decipher.setAuthTag(encrypted.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
      const plain = Buffer.concat([
        decipher.update(encrypted.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ])
      return { plain: plain.toString('utf8'), reEncrypt: false }
    },
  }
}

async function readOrCreateKey(keyFile: string): Promise<Buffer> {
  try {
    const existing = await readFile(keyFile)
    if (existing.length === 32) return existing
    throw new Error(`key file ${keyFile} is damaged (expected 32 bytes, found ${existing.length})`)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  await makePrivateDir(dirname(keyFile))
  const fresh = randomBytes(32)
  // 'wx' so two processes starting at once cannot overwrite each other's key.
  try {
    await writePrivateFile(keyFile, fresh, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateKey(keyFile)
    throw error
  }
  return fresh
}
