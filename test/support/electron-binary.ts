/**
 * Whether an Electron binary is installed, found without requiring the `electron` package (from
 * version 45 its index.js tries to download the binary when it is missing).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export function electronBinary(root: string): { path?: string; reason: string } {
  const packageDir = join(root, 'node_modules/electron')
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) {
    return {
      reason:
        'Electron binary not installed (node_modules/electron/path.txt is missing: it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or could not be downloaded)',
    }
  }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  if (!existsSync(binary)) return { reason: `Electron binary not installed (${binary} does not exist)` }
  return { path: binary, reason: '' }
}
