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
