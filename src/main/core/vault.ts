/**
 * The vault: the one place secrets (API keys, user access credentials) are kept. Each is encrypted
 * by the SecretCipher and stored with the name of the backend that wrote it, so a secret written by
 * one backend is never handed to another to decrypt as if it were its own.
 */
import Conf from 'conf'
import { PRIVATE_FILE_MODE } from '../../platform/private-fs'
import type { SecretCipher } from './cipher'
import { CoreError } from './errors'

interface StoredSecret {
  ciphertext: string
  backend: string
  updatedAt: string
}

type VaultFile = Record<string, StoredSecret>

export interface Vault {
  set(name: string, value: string): Promise<void>
  /** The secret, or undefined when none is stored under that name. */
  get(name: string): Promise<string | undefined>
  delete(name: string): void
  has(name: string): boolean
  /** The backend secrets are written with now, and whether it is real secure storage. */
  status(): Promise<{ backend: string; secure: boolean }>
}

/** Opens (or creates) the vault file `secrets.json` in dir. */
export function openVault(dir: string, cipher: SecretCipher): Vault {
  const store = new Conf<VaultFile>({
    cwd: dir,
    configName: 'secrets',
    // Secret names contain dots-free ids, but never let a name be read as a nested path.
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
    configFileMode: PRIVATE_FILE_MODE,
  })

  const set = async (name: string, value: string) => {
    const ciphertext = await cipher.encrypt(value)
    store.set(name, {
      ciphertext: ciphertext.toString('base64'),
      backend: await cipher.backend(),
      updatedAt: new Date().toISOString(),
    })
  }

  return {
    set,
    async get(name) {
      const stored = store.get(name)
      if (!stored) return undefined
      const backend = await cipher.backend()
      if (stored.backend !== backend) {
        throw new CoreError(
          'secret_unavailable',
          `A stored secret was encrypted with ${stored.backend}, but this system now offers ${backend}; enter it again.`,
        )
      }
      let decrypted: { plain: string; reEncrypt: boolean }
      try {
        decrypted = await cipher.decrypt(Buffer.from(stored.ciphertext, 'base64'))
      } catch {
        throw new CoreError('secret_unavailable', 'A stored secret could not be decrypted; enter it again.')
      }
      if (decrypted.reEncrypt) await set(name, decrypted.plain)
      return decrypted.plain
    },
    delete: (name) => store.delete(name),
    has: (name) => store.has(name),
    async status() {
      return { backend: await cipher.backend(), secure: await cipher.isSecure() }
    },
  }
}
