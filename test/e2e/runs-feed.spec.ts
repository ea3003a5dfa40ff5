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

test('the runs feed filters by state and search over real runs of the local room', async ({ page }) => {
  await page.goto(web.url)
  const launch = page.getByRole('button', { name: 'Launch Echo payload', exact: true })
  await launch.click()
  await expect(page.locator('[data-run-id] [data-state="completed"]')).toHaveCount(1, { timeout: 30_000 })

  const runs = page.getByRole('region', { name: 'Runs' })
  await runs.getByRole('combobox', { name: 'State' }).selectOption('unresolved')
  await expect(runs.getByText('No run matches the filters.')).toBeVisible()
  await expect(runs.locator('[data-run-id]')).toHaveCount(0)

  await runs.getByRole('combobox', { name: 'State' }).selectOption('completed')
  await expect(runs.locator('[data-run-id]')).toHaveCount(1)
  await runs.getByRole('searchbox', { name: 'Search runs' }).fill('echo')
  await expect(runs.locator('[data-run-id]')).toHaveCount(1)
  await runs.getByRole('searchbox', { name: 'Search runs' }).fill('no such process')
  await expect(runs.locator('[data-run-id]')).toHaveCount(0)

  await runs.getByRole('button', { name: 'Clear filters' }).click()
  await expect(runs.locator('[data-run-id]')).toHaveCount(1)
  await screenshotBothThemes(page, 'runs-feed')
})
