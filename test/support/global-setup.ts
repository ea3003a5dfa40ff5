import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/**
 * Builds the app once so that tests can spawn the real entry points from out/, and gives the run
 * its own temp folder: every test file, room and robot it starts inherits TMPDIR, so what a test
 * leaves behind is found there (other runs on the machine share the system temp dir, so counting
 * there would not tell whose folder is whose). A run that leaves anything fails.
 */
const TOOL_CACHES = new Set(['jiti', 'node-jiti'])

export default function setup(): () => void {
  // Each vitest project inherits this setup, and all run in one process: only the first builds and
  // owns the run's temp folder (a nested one would count the first's folder as a leftover).
  if (process.env.ROBODECK_RUN_TEMP) return () => {}
  const runTemp = mkdtempSync(join(tmpdir(), 'robodeck-run-'))
  process.env.ROBODECK_RUN_TEMP = runTemp
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = runTemp
  // scripts/test-all.mjs builds once and sets this for the suites after the first.
  if (process.env.ROBODECK_SKIP_BUILD !== '1') {
    const root = resolve(__dirname, '../..')
    execFileSync(
      process.execPath,
      [resolve(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'error'],
      { cwd: root, stdio: 'inherit' },
    )
  }
  return () => {
    delete process.env.ROBODECK_RUN_TEMP
    // Caches tools keep in the temp dir on purpose (jiti's transpile cache, used to load configs).
    const left = readdirSync(runTemp).filter((name) => !TOOL_CACHES.has(name))
    rmSync(runTemp, { recursive: true, force: true, maxRetries: 3 })
    if (left.length === 0) return
    // A throw here is only logged by vitest ("error during close"): the exit code is what fails the run.
    console.error(
      `\nFAIL: the tests left ${left.length} temp entr(ies) behind: ${left.slice(0, 20).join(', ')}`,
    )
    process.exitCode = 1
  }
}
