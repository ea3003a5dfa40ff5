/**
 * Whether an Electron binary is installed, found the way `npm start` finds it
 * (scripts/lib/electron-binary.mjs) but never downloading: tests only report a missing binary.
 */
import { installedBinary } from '../../scripts/lib/electron-binary.mjs'

export function electronBinary(root: string): { path?: string; reason: string } {
  const found = installedBinary(root)
  if (found.path) return { path: found.path, reason: '' }
  return {
    reason: `${found.reason}; \`npm run electron:install\` fetches it where its download host is reachable`,
  }
}
