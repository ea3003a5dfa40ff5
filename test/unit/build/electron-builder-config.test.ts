/**
 * build/electron-builder.yml against electron-builder's own validator (the one `npm run package`
 * runs first, over app-builder-lib's scheme.json), and the fuses the security model relies on.
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const root = resolve(__dirname, '../../..')
const load = async () => parse(await readFile(join(root, 'build/electron-builder.yml'), 'utf8'))

describe('electron-builder configuration', () => {
  it('is valid for the pinned electron-builder', async () => {
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('would be refused if it were wrong (the validator bites)', async () => {
    const config = { ...(await load()), electronFuses: { runAsNode: 'no' }, notAnOption: true }
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(
      /Invalid configuration/,
    )
  })

  it('turns off every way to run the app as something else', async () => {
    expect((await load()).electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    })
  })

  it('has the metadata the deb needs and the appId the app registers for notifications', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))
    expect(pkg.homepage).toMatch(/^https:\/\//)
    expect(pkg.author.email).toMatch(/@/)
    expect((await load()).appId).toBe('dev.robodeck.app')
  })
})
