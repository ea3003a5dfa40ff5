import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, onTestFinished } from 'vitest'

/**
 * A fresh temporary directory, removed when the current test has finished (after its afterEach
 * hooks, which may still be closing what writes into it), or, made outside a test (beforeAll),
 * after the file's tests. Its name starts with `robodeck-`, which the run's leak check counts.
 */
export async function tempDir(prefix = 'robodeck-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  const remove = () => rm(dir, { recursive: true, force: true, maxRetries: 3 })
  try {
    onTestFinished(remove)
  } catch {
    // Not inside a test: vitest refuses onTestFinished there.
    afterAll(remove)
  }
  return dir
}
