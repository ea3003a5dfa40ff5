/** The desktop app keeps its settings through electron-store (with `electron` mocked), same schema. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { tempDir } from '../../../support/temp-dir'

// electron-store imports electron's default export.
vi.mock('electron', async () => {
  const { electronMock } = await import('../../../support/electron-mock')
  return { ...electronMock, default: electronMock }
})

const { openElectronStoreSettingsFile } = await import('../../../../src/main/desktop/settings-file')
const { openSettings } = await import('../../../../src/main/core/settings/settings')

describe('desktop settings file', () => {
  it('is an electron-store file named settings.json in the folder it is given', async () => {
    const dir = await tempDir()
    const settings = openSettings(dir, openElectronStoreSettingsFile, () => {})
    settings.update((s) => ({ ...s, favourites: [{ connectionId: 'local', processId: 'p' }] }))
    const file = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))
    expect(file).toMatchObject({ version: 2, favourites: [{ connectionId: 'local', processId: 'p' }] })
    expect(openSettings(dir, openElectronStoreSettingsFile, () => {}).get().favourites).toHaveLength(1)
  })
})
