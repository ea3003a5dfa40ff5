/**
 * Web mode runs its local room with the room's own flags: the built web mode, spawned, starts with
 * them, and refuses a bad one before starting anything, naming it.
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { startWebMode, WEB_MODE_SCRIPT } from '../../support/web-mode'

describe("web mode's local room flags", () => {
  it('starts with them', async () => {
    const web = await startWebMode({
      extraArgs: ['--workers', '3', '--strict-delete-permission', '--allow-link-local-webhooks'],
    })
    try {
      expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
      expect(web.stderr()).not.toMatch(/Usage/)
    } finally {
      await web.stop()
    }
  })

  it('refuses a bad one with exit code 2, the reason and the usage', () => {
    const result = spawnSync(process.execPath, [WEB_MODE_SCRIPT, '--workers', '0'], { encoding: 'utf8' })
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/--workers must be at least 1/)
    expect(result.stderr).toMatch(/--strict-delete-permission/)
  })
})
