// Regenerates docs/compatibility.md's route tables from a running room (npm run compat): runs the
// document's test with ROBODECK_WRITE_COMPAT=1, which writes the file instead of only comparing.
import { spawnSync } from 'node:child_process'

const result = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', 'test/integration/docs/compatibility-doc.test.ts'],
  { stdio: 'inherit', env: { ...process.env, ROBODECK_WRITE_COMPAT: '1', ROBODECK_SKIP_BUILD: '1' } },
)
process.exit(result.status ?? 1)
