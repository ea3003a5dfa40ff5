import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { electronBinary } from '../support/electron-binary'

const root = resolve(__dirname, '../..')
const binary = electronBinary(root)

test.skip(!binary.path, binary.reason)

test('the built app starts its local Control Room, launches a process and shows it complete', async () => {
  const userData = await mkdtemp(join(tmpdir(), 'robodeck-electron-'))
  const app = await electron.launch({
    executablePath: binary.path,
    args: [join(root, 'out/main/index.js')],
    env: { ...process.env, ROBODECK_USER_DATA: userData },
  })
  try {
    const window = await app.firstWindow()
    // Sandboxed and isolated: no Node in the page, only the bridge the preload exposes.
    const globals = await window.evaluate(() => {
      const page = globalThis as unknown as Record<string, unknown>
      return {
        require: typeof page.require,
        process: typeof page.process,
        bridge: typeof (page.robodeck as { commands?: unknown } | undefined)?.commands,
      }
    })
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: 'object' })

    await window.getByRole('button', { name: 'Launch Echo payload' }).click()
    await expect(window.locator('[data-run-id] [data-state]').first()).toHaveText('completed', {
      timeout: 60_000,
    })
    await window.screenshot({ path: 'test-results/screenshots/electron-launch-completed.png' })
  } finally {
    await app.close()
    await rm(userData, { recursive: true, force: true })
  }
})
