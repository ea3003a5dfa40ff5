import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, onTestFinished } from 'vitest'

const remove = (dir: string) => rm(dir, { recursive: true, force: true, maxRetries: 3 })

/** Folders made outside a test (in a beforeAll, or while the file is collected). */
const madeOutsideTests = new Set<string>()
// Registered when the test file imports this module, so it runs after the file's tests. (An afterAll
// registered from inside a running beforeAll never runs: tempDir cannot register its own there.)
// Vitest isolates test files, so each file loads this module, and registers this, once.
afterAll(async () => {
  await Promise.all([...madeOutsideTests].map(remove))
  madeOutsideTests.clear()
})

/**
 * A fresh temporary directory, removed when the current test has finished (after its afterEach
 * hooks, which may still be closing what writes into it), or, made outside a test (beforeAll),
 * after the file's tests. Its name starts with `robodeck-`, which the run's leak check counts.
 */
export async function tempDir(prefix = 'robodeck-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  try {
    onTestFinished(() => remove(dir))
  } catch {
    // Not inside a test: vitest refuses onTestFinished there.
    madeOutsideTests.add(dir)
  }
  return dir
}
