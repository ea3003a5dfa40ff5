/**
 * The vault's cipher in the desktop app: Electron's safeStorage, async API. On Linux without a
 * secret service safeStorage falls back to `basic_text` (a hard-coded key), which is reported as
 * not secure so the UI can say so.
 */
import { safeStorage } from 'electron'
import type { SecretCipher } from '../core/cipher'

/** The backend name Robodeck records, per platform. */
function backendName(): string {
  if (process.platform === 'darwin') return 'keychain'
  if (process.platform === 'win32') return 'dpapi'
  return safeStorage.getSelectedStorageBackend()
}

export function createSafeStorageCipher(): SecretCipher {
  const ensureAvailable = async () => {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      throw new Error('The operating system offers no encryption for secrets right now.')
    }
  }
  return {
    backend: async () => backendName(),
    isSecure: async () =>
      (await safeStorage.isAsyncEncryptionAvailable()) && !['basic_text', 'unknown'].includes(backendName()),
    async encrypt(plain) {
      await ensureAvailable()
      return safeStorage.encryptStringAsync(plain)
    },
    async decrypt(encrypted) {
      await ensureAvailable()
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(encrypted)
      return { plain: result, reEncrypt: shouldReEncrypt }
    },
  }
}
