/**
 * The vault: the one place secrets (API keys, user access credentials) are kept. Each is encrypted
 * by the SecretCipher and stored with the format version and the name of the backend that wrote it,
 * so a secret written by one backend (or an older format) is never handed to another to decrypt as
 * if it were its own: it reads as "needed" and the person enters it again.
 *
 * Linux's `basic_text` backend encrypts with a key hard-coded in Chromium, which protects nothing:
 * there, unless the person opted in (settings `allowPlainTextSecrets`), secrets stay in memory for
 * this run of the app only, and appInfo says so.
 */
import Conf from 'conf'
import { PRIVATE_FILE_MODE } from '../../platform/private-fs'
import type { SecretCipher } from './cipher'
import { CoreError } from './errors'

/** The stored record's format; a record of another format reads as unreadable. */
export const VAULT_FORMAT = 1
const NO_SECURE_STORAGE = new Set(['basic_text', 'unknown'])

interface StoredSecret {
  format?: number
  ciphertext: string
  backend: string
  updatedAt: string
}

type VaultFile = Record<string, StoredSecret>

/** Where a secret stands: on disk, only in memory, absent, or there but not readable any more. */
export type SecretState = 'stored' | 'memory' | 'missing' | 'unreadable'

export interface VaultStatus {
  backend: string
  secure: boolean
  /** True when secrets are not written to disk (basic_text without the person's consent). */
  memoryOnly: boolean
  /** True when the backend is one where the person decides whether secrets go to disk (basic_text). */
  plainTextChoice: boolean
}

export interface Vault {
  set(name: string, value: string): Promise<void>
  /** The secret, or undefined when none is stored; a CoreError `secret_unavailable` when unreadable. */
  get(name: string): Promise<string | undefined>
  delete(name: string): void
  has(name: string): boolean
  /** Without decrypting: the state of a secret as far as the vault can tell (a failed read is remembered). */
  state(name: string): Promise<SecretState>
  /** The backend secrets are written with now, whether it is real secure storage, and where they go. */
  status(): Promise<VaultStatus>
  /**
   * Moves secrets to where the storage rule now says (after the person changed allowPlainText):
   * memory-only secrets are written to disk once allowed; once refused, the secrets written without
   * secure storage are read into memory and removed from disk. Secrets of a secure backend stay.
   */
  applyStoragePolicy(): Promise<void>
}

export interface VaultOptions {
  /** The person agreed to keep secrets on disk even with no secure storage (basic_text). */
  allowPlainText?: () => boolean
}

/** Opens (or creates) the vault file `secrets.json` in dir. */
export function openVault(dir: string, cipher: SecretCipher, options: VaultOptions = {}): Vault {
  const store = new Conf<VaultFile>({
    cwd: dir,
    configName: 'secrets',
    // Secret names contain dots-free ids, but never let a name be read as a nested path.
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
    configFileMode: PRIVATE_FILE_MODE,
  })
  const inMemory = new Map<string, string>()
  const unreadable = new Set<string>()

  const memoryOnly = async () =>
    NO_SECURE_STORAGE.has(await cipher.backend()) && !(options.allowPlainText?.() ?? false)

  const set = async (name: string, value: string) => {
    unreadable.delete(name)
    if (await memoryOnly()) {
      inMemory.set(name, value)
      store.delete(name)
      return
    }
    inMemory.delete(name)
    const ciphertext = await cipher.encrypt(value)
    store.set(name, {
      format: VAULT_FORMAT,
      ciphertext: ciphertext.toString('base64'),
      backend: await cipher.backend(),
      updatedAt: new Date().toISOString(),
    })
  }

  const unavailable = (name: string, message: string) => {
    unreadable.add(name)
    return new CoreError('secret_unavailable', message)
  }

  return {
    set,
    async get(name) {
      const remembered = inMemory.get(name)
      if (remembered !== undefined) return remembered
      const stored = store.get(name)
      if (!stored) return undefined
      const backend = await cipher.backend()
      if (stored.backend !== backend)
        throw unavailable(
          name,
          `A stored secret was encrypted with ${stored.backend}, but this system now offers ${backend}; enter it again.`,
        )
      if ((stored.format ?? VAULT_FORMAT) !== VAULT_FORMAT)
        throw unavailable(name, 'A stored secret was written by another version of Robodeck; enter it again.')
      let decrypted: { plain: string; reEncrypt: boolean }
      try {
        decrypted = await cipher.decrypt(Buffer.from(stored.ciphertext, 'base64'))
      } catch {
        throw unavailable(name, 'A stored secret could not be decrypted; enter it again.')
      }
      if (decrypted.reEncrypt) await set(name, decrypted.plain)
      return decrypted.plain
    },
    delete(name) {
      inMemory.delete(name)
      unreadable.delete(name)
      store.delete(name)
    },
    has: (name) => inMemory.has(name) || store.has(name),
    async state(name) {
      if (inMemory.has(name)) return 'memory'
      const stored = store.get(name)
      if (!stored) return 'missing'
      const wrongBackend = stored.backend !== (await cipher.backend())
      const wrongFormat = (stored.format ?? VAULT_FORMAT) !== VAULT_FORMAT
      return wrongBackend || wrongFormat || unreadable.has(name) ? 'unreadable' : 'stored'
    },
    async status() {
      return {
        backend: await cipher.backend(),
        secure: await cipher.isSecure(),
        memoryOnly: await memoryOnly(),
        plainTextChoice: NO_SECURE_STORAGE.has(await cipher.backend()),
      }
    },
    async applyStoragePolicy() {
      if (!(await memoryOnly())) {
        for (const [name, value] of [...inMemory]) await set(name, value)
        return
      }
      for (const [name, stored] of Object.entries(store.store)) {
        if (!NO_SECURE_STORAGE.has(stored.backend)) continue
        try {
          const { plain } = await cipher.decrypt(Buffer.from(stored.ciphertext, 'base64'))
          inMemory.set(name, plain)
        } catch {
          // Unreadable already, and no safer on disk than off it: it is entered again when needed.
        }
        store.delete(name)
      }
    },
  }
}
