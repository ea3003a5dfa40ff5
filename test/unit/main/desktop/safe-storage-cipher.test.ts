/** The vault's cipher in the app: Electron's async safeStorage API, and which backends count as secure. */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { electronMock } from '../../../support/electron-mock'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronMock)

const { createSafeStorageCipher } = await import('../../../../src/main/desktop/safe-storage-cipher')

beforeEach(() => vi.clearAllMocks())

describe('safeStorage cipher', () => {
  it('encrypts through the async API and passes key rotation on', async () => {
    const cipher = createSafeStorageCipher()
    const encrypted = await cipher.encrypt('secret')
    expect(electronMock.safeStorage.encryptStringAsync).toHaveBeenCalledWith('secret')
    electronMock.safeStorage.decryptStringAsync.mockResolvedValueOnce({
      result: 'secret',
      shouldReEncrypt: true,
    })
    expect(await cipher.decrypt(encrypted)).toEqual({ plain: 'secret', reEncrypt: true })
  })

  it.runIf(process.platform === 'linux')(
    'counts Linux basic_text as not secure, a secret service as secure',
    async () => {
      const cipher = createSafeStorageCipher()
      expect(await cipher.backend()).toBe('gnome_libsecret')
      expect(await cipher.isSecure()).toBe(true)
      electronMock.safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text')
      expect(await cipher.backend()).toBe('basic_text')
      expect(await cipher.isSecure()).toBe(false)
      electronMock.safeStorage.getSelectedStorageBackend.mockReturnValue('gnome_libsecret')
    },
  )

  it('refuses to encrypt when the OS offers no encryption', async () => {
    electronMock.safeStorage.isAsyncEncryptionAvailable.mockResolvedValueOnce(false)
    await expect(createSafeStorageCipher().encrypt('x')).rejects.toThrow(/no encryption/)
  })
})
