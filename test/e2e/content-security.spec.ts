/**
 * The window under its own Content Security Policy, in Chromium over web mode: every lazily loaded
 * part (the payload editor, Insights' chart, the command palette, a run's detail) runs without a
 * single CSP violation. Not only refused <style> or script loads: a refused eval that a library
 * catches (zod's compiled validators, told to stay off in zod-jitless.ts) reports one too, though
 * nothing reaches the console.
 */
import { expect, type Page, test } from '@playwright/test'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

let web: RunningWebMode

test.beforeEach(async () => {
  web = await startWebMode()
})

test.afterEach(async () => {
  await web.stop()
})

// In the page (a script, not this file's code: it runs in Chromium, before the app's own scripts).
const RECORD_VIOLATIONS = `
  window.cspViolations = []
  document.addEventListener('securitypolicyviolation', (event) =>
    window.cspViolations.push(event.effectiveDirective + ' ' + event.blockedURI + ' ' + event.sourceFile + ':' + event.lineNumber),
  )
`
const violations = (page: Page) => page.evaluate('window.cspViolations')

test('no part of the window breaks its CSP, eval included', async ({ page }) => {
  await page.addInitScript({ content: RECORD_VIOLATIONS })
  await page.goto(web.url)
  const launch = page.getByRole('button', { name: 'Launch Echo payload', exact: true })
  await expect(launch).toBeEnabled()

  // The payload editor (CodeMirror, its styles), then a launch with its payload.
  const row = page.locator('.process-row', { hasText: 'Echo payload' })
  await row.getByText('Payload', { exact: true }).click()
  await row.getByRole('textbox', { name: 'Payload for Echo payload' }).fill('{"order": 7}')
  await launch.click()
  const runs = page.getByRole('region', { name: 'Runs' })
  await expect(runs.locator('[data-run-id] [data-state="completed"]')).toHaveCount(1, { timeout: 30_000 })

  // Insights' chart (uPlot), the command palette (cmdk), and the run's detail.
  await page.getByRole('button', { name: 'Insights for Echo payload' }).click()
  await expect(
    page.getByRole('dialog', { name: 'Insights: Echo payload' }).locator('canvas').first(),
  ).toBeVisible()
  await page.keyboard.press('Escape')
  await page.keyboard.press('Control+K')
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible()
  await page.keyboard.press('Escape')
  await runs.locator('[data-run-id]').first().click()
  await expect(page.locator('[data-detail-run-id]')).toBeVisible()

  expect(await violations(page)).toEqual([])
})
