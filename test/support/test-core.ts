/** A core for integration tests: web mode, on a fresh temp data dir with a file-key cipher. */
import { join } from 'node:path'
import { createFileKeyCipher } from '../../src/main/core/cipher'
import { type Core, type CoreOptions, createCore } from '../../src/main/core/core'
import { openConfSettingsFile } from '../../src/main/core/settings/conf-settings-file'
import type { BridgeErrorBody, BridgeResult } from '../../src/shared/bridge'
import { isFinalRunState } from '../../src/shared/runs'
import { waitFor } from './localroom'
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

/**
 * Runs `work` while a run of `processId` (the Long job sample, 60 s) is in progress in the core's
 * local room; then stops that run with Control Room's options and waits until it has ended, so the
 * room is quiet for the next test.
 */
export async function whileRunning(
  core: Core,
  processId: string,
  work: (runId: string) => Promise<void>,
): Promise<void> {
  const { runId } = await core.handlers.processes.launch({
    connectionId: 'local',
    processId,
    payload: { seconds: 60 },
  })
  try {
    await work(runId)
  } finally {
    await core.handlers.runs.stop({
      connectionId: 'local',
      runId,
      setRemainingWorkItemsAsDone: true,
      terminateOngoingActivityRuns: true,
    })
    await waitFor(
      async () => {
        const detail = await core.handlers.runs.get({ connectionId: 'local', runId })
        return isFinalRunState(detail.run.state) ? true : undefined
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    )
  }
}

/**
 * A core's commands as a test calls them, through its dispatcher (request and answer checked
 * against the contract): `ok` answers the value of one that must succeed, `failure` the error of
 * one that must be refused. `core` is read at each call, so a suite may create it in beforeAll.
 */
export function commandsOf(core: () => Core) {
  return {
    async ok<T>(name: string, request: unknown = {}): Promise<T> {
      const result = (await core().dispatch(name, request)) as BridgeResult<T>
      if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`)
      return result.value
    },
    async failure(name: string, request: unknown = {}): Promise<BridgeErrorBody> {
      const result = await core().dispatch(name, request)
      if (result.ok) throw new Error(`${name} succeeded`)
      return result.error
    },
  }
}
