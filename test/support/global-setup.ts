import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'

/** Builds the app once so that tests can spawn the real entry points from out/. */
export default function setup(): void {
  // scripts/test-all.mjs builds once and sets this for the suites after the first.
  if (process.env.ROBODECK_SKIP_BUILD === '1') return
  const root = resolve(__dirname, '../..')
  execFileSync(
    process.execPath,
    [resolve(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'error'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  )
}
