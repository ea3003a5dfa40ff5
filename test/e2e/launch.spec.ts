import { expect, test } from '@playwright/test'
import { screenshotBothThemes } from '../support/screenshots'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

let web: RunningWebMode

test.beforeEach(async () => {
  web = await startWebMode()
})

test.afterEach(async () => {
  await web.stop()
})

test('launches the sample process on the local Control Room and sees the run complete', async ({ page }) => {
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))

  await page.goto(web.url)
  // The token leaves the address bar once the page has it.
  await expect.poll(() => page.url()).not.toContain('token=')

  const launch = page.getByRole('button', { name: 'Launch Echo payload', exact: true })
  await expect(launch).toBeEnabled()
  await launch.click()

  const row = page.locator('[data-run-id]').first()
  await expect(row).toBeVisible()
  await expect(row.locator('[data-state]')).toHaveText('completed', { timeout: 30_000 })
  await expect(row).toContainText('Echo payload')

  await screenshotBothThemes(page, 'launch-completed')
  expect(pageErrors).toEqual([])
})

test('the payload editor points at a JSON error, refuses to launch, and launches once it is fixed', async ({
  page,
}) => {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  // A CodeMirror <style> the CSP refused would show here (and leave the editor unstyled).
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  await page.goto(web.url)
  const row = page.locator('.process-row', { hasText: 'Echo payload' })
  const launch = page.getByRole('button', { name: 'Launch Echo payload', exact: true })
  await expect(launch).toBeEnabled()

  await row.getByText('Payload', { exact: true }).click()
  const editor = row.getByRole('textbox', { name: 'Payload for Echo payload' })
  await editor.fill('{\n"order": 7\n"rush": true\n}')
  const message = "Line 3, column 1: Expected ',' or '}' after property value"
  await expect(row.locator('.payload__error')).toHaveText(message)
  await expect(editor).toHaveAttribute('aria-invalid', 'true')
  await expect(editor).toHaveAccessibleDescription(message)
  await expect(launch).toBeDisabled()
  // Marked in the editor: the character at the error underlined, its line flagged in the gutter.
  await expect(row.locator('.cm-lintRange-error')).toHaveText('"')
  await expect(row.locator('.cm-gutter-lint .cm-gutterElement:has(.cm-lint-marker-error)')).toHaveCount(1)
  // CodeMirror's own styles apply under the window's CSP (style-src 'self').
  await expect(row.locator('.cm-scroller')).toHaveCSS('display', 'flex')
  await screenshotBothThemes(page, 'launch-payload-error')

  // Fix it by typing: the comma at the end of line 2.
  await page.keyboard.press('Control+Home')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('End')
  await page.keyboard.type(',')
  await expect(row.locator('.payload__error')).toHaveCount(0)
  await expect(editor).not.toHaveAttribute('aria-invalid', 'true')
  await expect(row.locator('.cm-lintRange-error')).toHaveCount(0)
  // Tab leaves the editor for the next control (the preset name; the empty preset picker is disabled).
  await page.keyboard.press('Tab')
  await expect(row.getByRole('textbox', { name: 'New preset name for Echo payload' })).toBeFocused()
  await expect(editor).toHaveText('{"order": 7,"rush": true}')

  await launch.click()
  const runs = page.getByRole('region', { name: 'Runs' })
  await expect(runs.locator('[data-run-id] [data-state="completed"]')).toHaveCount(1, { timeout: 30_000 })
  await runs.getByRole('button', { name: /^Open run of Echo payload/ }).click()
  const detail = page.locator('[data-detail-run-id]')
  await detail.getByRole('tab', { name: 'Work items' }).click()
  await expect(detail.locator('[data-work-item-id] .json-block')).toHaveText(
    '{\n  "order": 7,\n  "rush": true\n}',
  )
  expect(problems).toEqual([])
})

test('the page keeps working after a reload, and runs arrive live', async ({ page }) => {
  await page.goto(web.url)
  await expect(page.getByRole('button', { name: 'Launch Echo payload', exact: true })).toBeEnabled()
  await page.reload()
  await page.getByRole('button', { name: 'Launch Echo payload', exact: true }).click()
  await page.getByRole('button', { name: 'Launch Echo payload', exact: true }).click()
  await expect(page.locator('[data-run-id] [data-state="completed"]')).toHaveCount(2, { timeout: 30_000 })
})

test('without the token the page says how to get in instead of failing silently', async ({ page }) => {
  await page.goto(`${web.origin}/`)
  await expect(page.getByText(/link web mode printed/i).first()).toBeVisible()
})
