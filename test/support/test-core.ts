/** A core for integration tests: web mode, on a fresh temp data dir with a file-key cipher. */
import { join } from 'node:path'
import { createFileKeyCipher } from '../../src/main/core/cipher'
import { type CoreOptions, createCore } from '../../src/main/core/core'
import { openConfSettingsFile } from '../../src/main/core/settings/conf-settings-file'
import { tempDir } from './temp-dir'

/** A new core on its own data dir; `options` adds to or replaces the defaults. */
export async function createTestCore(options: Partial<CoreOptions> = {}) {
  const dir = await tempDir()
  return createCore({
    dataDir: dir,
    cipher: createFileKeyCipher(join(dir, 'secrets.key')),
    openSettingsFile: openConfSettingsFile,
    mode: 'web',
    version: 'test',
    logError: () => {},
    ...options,
  })
}
